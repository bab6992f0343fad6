package com.litper.analytics.carrierchoice;

import com.litper.common.security.LitperAccessRules;
import com.litper.common.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may use the carrier scorecards and the carrier rule (docs/analytics.md, "Carrier choice"): a
 * store's people read their store's scorecard, the network's and their rule and choices; only the
 * owner changes the rule; operators read scorecards of every store. Integrations (API keys): 403.
 */
@Configuration(proxyBeanMethods = false)
class CarrierChoiceAccessRules {

    @Bean
    LitperAccessRules carrierChoiceApiAccessRules() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/analytics/carriers/scorecard", "/api/analytics/carriers/scorecard/network")
                .hasAnyRole(Role.OWNER.name(), Role.SUPPORT.name(), Role.VIEWER.name(), Role.OPERATOR.name())
                .requestMatchers(HttpMethod.GET, "/api/analytics/carrier-rule", "/api/analytics/carrier-rule/choices")
                .hasAnyRole(Role.OWNER.name(), Role.SUPPORT.name(), Role.VIEWER.name())
                .requestMatchers(HttpMethod.PUT, "/api/analytics/carrier-rule").hasRole(Role.OWNER.name())
                .requestMatchers("/api/analytics/carriers/**", "/api/analytics/carrier-rule", "/api/analytics/carrier-rule/**")
                .hasRole(Role.OWNER.name());
    }
}
