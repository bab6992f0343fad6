package com.litper.api.store;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts API-key authentication in front of {@code /api/**} and hands the store to controllers. */
@Configuration(proxyBeanMethods = false)
class StoreWebConfiguration implements WebMvcConfigurer {

    /** The API's own description is public: clients read it before they have a key. */
    static final String[] PUBLIC_PATHS = {"/api/openapi.yaml"};

    private final ApiKeys apiKeys;

    StoreWebConfiguration(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiKeyInterceptor(apiKeys)).addPathPatterns("/api", "/api/**")
                .excludePathPatterns(PUBLIC_PATHS);
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
                Object store = request.getNativeRequest(HttpServletRequest.class).getAttribute(ApiKeyInterceptor.STORE_ATTRIBUTE);
                if (store == null) {
                    // A handler asking for a store outside /api/** would otherwise run unauthenticated.
                    throw new IllegalStateException("No authenticated store: the handler is not under /api/**");
                }
                return store;
            }
        });
    }
}
