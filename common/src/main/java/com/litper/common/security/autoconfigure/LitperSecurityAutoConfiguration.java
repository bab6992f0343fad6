package com.litper.common.security.autoconfigure;

import com.litper.common.security.LitperAccessRules;
import com.litper.common.security.LitperJwtAuthentication;
import com.litper.common.security.LitperJwtDecoders;
import com.litper.common.security.ProblemAccessDeniedHandler;
import com.litper.common.security.ProblemAuthenticationEntryPoint;
import com.litper.common.security.ProblemRequestRejectedHandler;
import com.litper.common.security.PublicEndpoints;
import com.litper.common.security.Role;
import com.litper.common.web.StorableText;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The one security configuration of every Litper service: a stateless OAuth2 resource server that
 * validates Litper access tokens locally against the published keys, the public paths of
 * {@link PublicEndpoints}, tokens for {@code /api/**} and {@code /agents/**}, operators for
 * {@code /actuator/**}, and problem+json 401/403 answers. A service changes how bearer tokens are
 * authenticated (api-service adds API keys) by declaring an
 * {@code AuthenticationManagerResolver<HttpServletRequest>} bean; the rules stay the same.
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, JwtDecoder.class})
@EnableConfigurationProperties(LitperSecurityProperties.class)
@EnableWebSecurity
public class LitperSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LitperSecurityAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder litperJwtDecoder(LitperSecurityProperties properties) {
        if (!properties.jwksUri().isBlank()) {
            return LitperJwtDecoders.remote(properties.jwksUri(), properties.issuer(), properties.audience());
        }
        if (!properties.jwks().isBlank()) {
            return LitperJwtDecoders.of(LitperJwtDecoders.parse(properties.jwks(), "litper.security.jwks"),
                    properties.issuer(), properties.audience());
        }
        log.warn("Neither litper.security.jwks-uri nor litper.security.jwks is set: every access token will be refused");
        return token -> {
            throw new BadJwtException("This service has no token keys configured (litper.security.jwks-uri), so it accepts no token.");
        };
    }

    /**
     * Spring's strict firewall, also refusing parameter values that cannot be stored (a NUL, an
     * unpaired surrogate), before any handler hands them to the database.
     */
    @Bean
    @ConditionalOnMissingBean(HttpFirewall.class)
    HttpFirewall litperHttpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedParameterValues(StorableText::isStorable);
        return firewall;
    }

    @Bean
    @ConditionalOnMissingBean(RequestRejectedHandler.class)
    RequestRejectedHandler litperRequestRejectedHandler() {
        return new ProblemRequestRejectedHandler();
    }

    @Bean
    @ConditionalOnMissingBean
    AuthenticationManagerResolver<HttpServletRequest> litperAuthenticationManagerResolver(JwtDecoder decoder) {
        AuthenticationManager jwt = LitperJwtAuthentication.manager(decoder);
        return request -> jwt;
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain litperSecurityFilterChain(HttpSecurity http, AuthenticationManagerResolver<HttpServletRequest> resolver,
            LitperSecurityProperties properties, ObjectProvider<LitperAccessRules> serviceRules) throws Exception {
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint();
        ProblemAccessDeniedHandler accessDenied = new ProblemAccessDeniedHandler();
        String[] storeRoles = Arrays.stream(Role.values()).filter(Role::isStoreRole).map(Role::name).toArray(String[]::new);
        http.authorizeHttpRequests(requests -> {
            // Errors are rendered for requests the rules already let through (or refused).
            requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                    .requestMatchers(PublicEndpoints.patterns().toArray(String[]::new)).permitAll()
                    .requestMatchers("/actuator", "/actuator/**").hasRole(Role.OPERATOR.name())
                    .requestMatchers("/api/admin", "/api/admin/**").hasRole(Role.OPERATOR.name());
            serviceRules.orderedStream().forEach(rules -> rules.apply(requests));
            // Store APIs act on one store's data: an operator token names no store.
            requests.requestMatchers("/api", "/api/**").hasAnyRole(storeRoles)
                    .requestMatchers("/agents", "/agents/**").authenticated()
                    // Nothing else has a handler: an unknown path answers 404 to anyone, as before.
                    .anyRequest().permitAll();
        })
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(resolver)
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens are not sent by browsers on their own, so there is no cross-site request to forge.
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .cors(c -> c.configurationSource(corsSource(properties.cors().allowedOrigins())));
        return http.build();
    }

    static CorsConfigurationSource corsSource(List<String> allowedOrigins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (allowedOrigins.isEmpty()) {
            return source; // no configuration: no CORS headers, browsers refuse cross-origin reads
        }
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(allowedOrigins);
        configuration.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        configuration.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key", "X-Request-Id"));
        configuration.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE,
                "X-Request-Id", "RateLimit", "RateLimit-Policy"));
        // Tokens travel in the Authorization header, never in cookies.
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(3600L);
        source.registerCorsConfiguration("/api/**", configuration);
        return source;
    }
}
