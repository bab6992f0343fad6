package com.litper.common.web.autoconfigure;

import com.litper.common.web.RequestIdFilter;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The management port (actuator endpoints, {@code management.server.port}) is a child context with
 * a server of its own, which gets Spring Security's filter from Boot but none of the application's
 * filters: this gives its answers (the 401/403 problem+json included) the same request ids.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class LitperManagementContextConfiguration {

    @Bean
    FilterRegistrationBean<RequestIdFilter> litperManagementRequestIdFilter(LitperWebProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestIdFilter(properties.requestIdHeader()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
