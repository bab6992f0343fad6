package com.litper.api.auth;

import com.litper.common.security.LitperJwtDecoders;
import com.litper.common.security.autoconfigure.LitperSecurityProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** api-service issues the tokens every service checks: its keys, operators and password hashing. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AuthProperties.class, OperatorProperties.class})
class AuthConfiguration {

    @Bean
    TokenIssuer tokenIssuer(AuthProperties properties, LitperSecurityProperties security, Clock clock) {
        return new TokenIssuer(SigningKeys.from(properties), security, properties, clock);
    }

    /**
     * api-service trusts its own signing keys directly (no HTTP call to itself); without keys of
     * its own it checks tokens like every other service.
     */
    @Bean
    JwtDecoder apiJwtDecoder(TokenIssuer issuer, LitperSecurityProperties security) {
        if (issuer.keys().isPresent()) {
            return LitperJwtDecoders.of(issuer.keys().get().publicKeys(), security.issuer(), security.audience());
        }
        if (!security.jwksUri().isBlank()) {
            return LitperJwtDecoders.remote(security.jwksUri(), security.issuer(), security.audience());
        }
        if (!security.jwks().isBlank()) {
            return LitperJwtDecoders.of(LitperJwtDecoders.parse(security.jwks(), "litper.security.jwks"), security.issuer(), security.audience());
        }
        return token -> {
            throw new org.springframework.security.oauth2.jwt.BadJwtException("api-service has no signing keys (litper.api.auth.signing-keys).");
        };
    }

    /** Spring Security's delegating encoder: bcrypt today, and hashes say their algorithm so it can change. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    Operators operators(OperatorProperties properties, PasswordEncoder passwords, AuthProperties auth, Clock clock) {
        return new Operators(properties, passwords, new SignInThrottle(auth.maxFailedSignIns(), auth.lockout(), clock));
    }
}
