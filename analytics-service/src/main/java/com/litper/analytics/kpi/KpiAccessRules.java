package com.litper.analytics.kpi;

import com.litper.common.security.LitperAccessRules;
import com.litper.common.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may read {@code /api/analytics/kpis} (docs/analytics.md, docs/security.md): every store role,
 * for its own store, and operators, for any store. Other {@code /api/**} paths keep the shared
 * rules (store roles only).
 */
@Configuration(proxyBeanMethods = false)
class KpiAccessRules {

    @Bean
    LitperAccessRules kpiApiAccessRules() {
        return rules -> rules.requestMatchers(HttpMethod.GET, "/api/analytics/kpis")
                .hasAnyRole(Role.OWNER.name(), Role.SUPPORT.name(), Role.VIEWER.name(), Role.INTEGRATION.name(), Role.OPERATOR.name());
    }
}
