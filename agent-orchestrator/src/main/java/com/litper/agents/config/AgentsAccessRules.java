package com.litper.agents.config;

import com.litper.common.security.LitperAccessRules;
import com.litper.common.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may use {@code /agents/**} (docs/agents.md, docs/security.md): a store's users only. Every store
 * role reads; owners change the settings; owners and support agents talk to the agent (try it).
 * Integrations (API keys) and operators have no business here: 403.
 */
@Configuration(proxyBeanMethods = false)
class AgentsAccessRules {

    @Bean
    LitperAccessRules agentsApiAccessRules() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, "/agents", "/agents/**")
                .hasAnyRole(Role.OWNER.name(), Role.SUPPORT.name(), Role.VIEWER.name())
                .requestMatchers(HttpMethod.PUT, "/agents/settings").hasRole(Role.OWNER.name())
                .requestMatchers(HttpMethod.POST, "/agents/try-it").hasAnyRole(Role.OWNER.name(), Role.SUPPORT.name())
                .requestMatchers("/agents", "/agents/**").hasRole(Role.OWNER.name());
    }
}
