package com.litper.local;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Port 8000 routes like the Kubernetes Ingress: each service's path prefixes go to that service,
 * the most specific first (Spring Cloud Gateway proxies the request as it is, headers included).
 * While a service is starting or restarting, its routes answer 503 ({@link ServiceStartingFilter}).
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    @Bean
    RouterFunction<ServerResponse> ingressRoutes(ServiceProcesses processes) {
        RouterFunction<ServerResponse> routes = null;
        for (SuiteService service : processes.services()) {
            if (service.ingressPaths().isEmpty()) {
                continue;
            }
            RequestPredicate matches = service.ingressPaths().stream()
                    .map(p -> path(p))
                    .reduce(RequestPredicate::or)
                    .orElseThrow();
            int port = processes.port(service);
            RouterFunction<ServerResponse> serviceRoute = route(service.name())
                    .route(matches, http())
                    .before(uri("http://127.0.0.1:" + port))
                    .filter(new ServiceStartingFilter(service.name(), port))
                    .build();
            routes = routes == null ? serviceRoute : routes.and(serviceRoute);
        }
        if (routes == null) {
            throw new IllegalStateException("No service with an ingress path is configured to start");
        }
        return routes;
    }
}
