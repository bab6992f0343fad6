package com.litper.api.store;

import com.litper.api.user.StoreUsers;
import com.litper.common.security.CurrentCaller;
import com.litper.common.security.LitperAccessRules;
import com.litper.common.security.LitperJwtAuthentication;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import com.litper.common.web.ApiProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * api-service's part of the shared security configuration: a bearer credential is either an API
 * key ({@code lp_live_…}) or a Litper access token, and handlers get the caller's store as an
 * {@link AuthenticatedStore} either way.
 */
@Configuration(proxyBeanMethods = false)
class StoreWebConfiguration implements WebMvcConfigurer {

    private final ApiKeys apiKeys;

    StoreWebConfiguration(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** Sends API keys to the key store and everything else to the JWT decoder common configured. */
    @Bean
    AuthenticationManagerResolver<HttpServletRequest> apiAuthenticationManagerResolver(JwtDecoder decoder, StoreUsers users) {
        AuthenticationManager keys = new ProviderManager(new ApiKeyAuthenticationProvider(apiKeys));
        AuthenticationManager signatures = LitperJwtAuthentication.manager(decoder);
        // The issuing service also checks that the token's key or user still stands: revoking or
        // disabling takes effect here at once, elsewhere when the token expires (5 minutes).
        AuthenticationManager tokens = request -> {
            Authentication authenticated = signatures.authenticate(request);
            String subject = authenticated.getName();
            if (subject.startsWith("apikey:") && !apiKeys.isActive(uuid(subject))) {
                throw new InvalidBearerTokenException("The API key this token was issued for is revoked.");
            }
            if (subject.startsWith("user:") && !users.isEnabled(uuid(subject))) {
                throw new InvalidBearerTokenException("The user this token was issued for is disabled.");
            }
            return authenticated;
        };
        DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
        return request -> {
            String credential;
            try {
                credential = bearer.resolve(request);
            } catch (OAuth2AuthenticationException malformed) {
                return tokens; // never asked: the filter refused the header already
            }
            return credential != null && ApiKeyAuthenticationProvider.isApiKey(credential) ? keys : tokens;
        };
    }

    private static java.util.UUID uuid(String subject) {
        try {
            return java.util.UUID.fromString(subject.substring(subject.indexOf(':') + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException("The token's subject is not a Litper id.");
        }
    }

    /** Who may do what with a store's orders, keys and users; reading orders is open to every store role. */
    @Bean
    LitperAccessRules apiAccessRules() {
        return rules -> rules
                .requestMatchers(HttpMethod.POST, "/api/orders").hasAnyRole(Role.OWNER.name(), Role.SUPPORT.name(), Role.INTEGRATION.name())
                .requestMatchers("/api/keys", "/api/keys/**").hasAnyRole(Role.OWNER.name(), Role.INTEGRATION.name())
                .requestMatchers("/api/users", "/api/users/**").hasRole(Role.OWNER.name());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == AuthenticatedStore.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                    WebDataBinderFactory binderFactory) {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication instanceof ApiKeyAuthentication key) {
                    return key.store();
                }
                // A handler asking for a store outside the security rules would otherwise run unauthenticated.
                LitperPrincipal caller = CurrentCaller.require();
                if (caller.storeId() == null) {
                    throw new ApiProblemException(HttpStatus.FORBIDDEN, "This endpoint acts on a store's data and your token names no store.");
                }
                String name = apiKeys.storeName(caller.storeId()).orElseThrow(() -> new ApiProblemException(HttpStatus.FORBIDDEN,
                        "Your token's store does not exist (any more)."));
                return new AuthenticatedStore(caller.storeId(), name, null);
            }
        });
    }
}
