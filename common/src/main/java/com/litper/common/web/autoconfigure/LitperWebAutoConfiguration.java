package com.litper.common.web.autoconfigure;

import com.litper.common.lifecycle.ReadinessDrain;
import com.litper.common.web.LenientAcceptStrategy;
import com.litper.common.web.ProblemDetailsAdvice;
import com.litper.common.web.ProblemErrorController;
import com.litper.common.web.ProblemErrorReportValve;
import com.litper.common.web.RequestBodyLimitFilter;
import com.litper.common.web.RequestDeadlineTransactionListener;
import com.litper.common.web.RequestIdFilter;
import com.litper.common.web.RequestTimeoutFilter;
import com.litper.common.web.StorableText;
import com.litper.common.web.WildcardContentTypeFilter;
import java.time.Clock;
import java.util.List;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.JacksonModule;

/**
 * What every Litper web service gets by depending on {@code litper-common}: request ids, a body
 * size limit, no wildcard Content-Type, a deadline for API requests, problem+json errors
 * everywhere (Tomcat's own refusals included), text that can be stored, and a readiness drain on
 * shutdown. Runs before Boot's error configuration so that its {@code BasicErrorController} backs off.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(LitperWebProperties.class)
public class LitperWebAutoConfiguration {

    @Bean
    FilterRegistrationBean<RequestIdFilter> litperRequestIdFilter(LitperWebProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestIdFilter(properties.requestIdHeader()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> litperRequestBodyLimitFilter(LitperWebProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(properties.maxRequestBody().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<WildcardContentTypeFilter> litperWildcardContentTypeFilter() {
        var registration = new FilterRegistrationBean<>(new WildcardContentTypeFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** API requests only: webhooks and probes have their own time limits (their callers'). */
    @Bean
    FilterRegistrationBean<RequestTimeoutFilter> litperRequestTimeoutFilter(LitperWebProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestTimeoutFilter(properties.requestTimeout(), Clock.systemUTC()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** Boot adds Jackson module beans to its JsonMapper: JSON bodies never carry text PostgreSQL cannot store. */
    @Bean
    JacksonModule litperStorableTextModule() {
        return StorableText.module();
    }

    /** JSON whatever the Accept says, decided before the handler runs rather than a 406 after it stored something. */
    @Bean
    WebMvcConfigurer litperLenientContentNegotiation() {
        return new WebMvcConfigurer() {
            @Override
            public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
                configurer.strategies(List.of(new LenientAcceptStrategy()));
            }
        };
    }

    @Bean
    ProblemDetailsAdvice litperProblemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }

    @Bean
    ProblemErrorController litperProblemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    ReadinessDrain litperReadinessDrain(LitperWebProperties properties) {
        return new ReadinessDrain(properties.drainDelay());
    }

    /** Services with transactions: they honour the request's deadline (Boot adds the listener to its transaction managers). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(TransactionExecutionListener.class)
    static class RequestDeadlineTransactions {

        @Bean
        RequestDeadlineTransactionListener litperRequestDeadlineTransactionListener() {
            return new RequestDeadlineTransactionListener();
        }
    }

    /** Requests Tomcat refuses before the application sees them are answered with problem+json too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Tomcat.class, TomcatServletWebServerFactory.class})
    static class TomcatProblems {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> litperTomcatErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }
    }
}
