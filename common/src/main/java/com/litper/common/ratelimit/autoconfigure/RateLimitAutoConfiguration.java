package com.litper.common.ratelimit.autoconfigure;

import com.litper.common.ratelimit.StoreRateLimitFilter;
import com.litper.common.ratelimit.StoreRateLimits;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.web.SecurityFilterChain;

/** Per-store request limits on {@code /api/**} of every service that checks callers (common's security). */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnBean(LettuceConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "litper.rate-limit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitAutoConfiguration {

    @Bean
    StoreRateLimits litperStoreRateLimits(LettuceConnectionFactory connections, RateLimitProperties properties, Environment environment) {
        Map<UUID, StoreRateLimits.Limit> perStore = new HashMap<>();
        properties.stores().forEach((store, limit) -> perStore.put(store,
                new StoreRateLimits.Limit(limit.requestsPerWindow(), limit.window() == null ? properties.window() : limit.window())));
        return new StoreRateLimits(connections, environment.getProperty("spring.application.name", "litper"),
                new StoreRateLimits.Limit(properties.requestsPerWindow(), properties.window()), perStore);
    }

    @Bean
    FilterRegistrationBean<StoreRateLimitFilter> litperStoreRateLimitFilter(StoreRateLimits limits) {
        var registration = new FilterRegistrationBean<>(new StoreRateLimitFilter(limits));
        // Right after Spring Security, which has authenticated the store by then.
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }
}
