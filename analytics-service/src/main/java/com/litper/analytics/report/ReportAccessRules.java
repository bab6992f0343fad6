package com.litper.analytics.report;

import com.litper.common.security.LitperAccessRules;
import com.litper.common.security.Role;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may use {@code /api/analytics/reports}: every store role (reports only read the store's data)
 * and operators, who name the store. The signed file links are public ({@code PublicEndpoints.REPORT_FILES}).
 */
@Configuration(proxyBeanMethods = false)
class ReportAccessRules {

    @Bean
    LitperAccessRules analyticsReportRules() {
        String[] everyRole = Arrays.stream(Role.values()).map(Role::name).toArray(String[]::new);
        return rules -> rules.requestMatchers("/api/analytics/reports", "/api/analytics/reports/**").hasAnyRole(everyRole);
    }
}
