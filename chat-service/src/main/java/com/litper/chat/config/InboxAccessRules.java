package com.litper.chat.config;

import com.litper.common.security.LitperAccessRules;
import com.litper.common.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may use the support inbox ({@code /api/chat/**}, docs/chat.md): a store's owners and support
 * agents act on conversations, its viewers only read them. Integrations (API keys) and operators
 * have no business in a store's conversations with its buyers: 403.
 */
@Configuration(proxyBeanMethods = false)
class InboxAccessRules {

    @Bean
    LitperAccessRules chatAccessRules() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/chat", "/api/chat/**")
                .hasAnyRole(Role.OWNER.name(), Role.SUPPORT.name(), Role.VIEWER.name())
                .requestMatchers("/api/chat", "/api/chat/**").hasAnyRole(Role.OWNER.name(), Role.SUPPORT.name());
    }
}
