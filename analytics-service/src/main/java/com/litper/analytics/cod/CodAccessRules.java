package com.litper.analytics.cod;

import com.litper.common.security.LitperAccessRules;
import com.litper.common.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may use {@code /api/analytics/cod/**} (docs/analytics.md): every store role and operators read
 * (a store's users their own store only, which the controller enforces); only operators import
 * settlement files, which are carrier-wide and so cover many stores, and record payouts.
 */
@Configuration(proxyBeanMethods = false)
class CodAccessRules {

    @Bean
    LitperAccessRules codApiAccessRules() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/analytics/cod/**")
                .hasAnyRole(Role.OWNER.name(), Role.SUPPORT.name(), Role.VIEWER.name(), Role.INTEGRATION.name(), Role.OPERATOR.name())
                .requestMatchers("/api/analytics/cod/**").hasRole(Role.OPERATOR.name());
    }
}
