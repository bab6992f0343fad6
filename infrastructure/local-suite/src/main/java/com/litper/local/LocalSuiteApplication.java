package com.litper.local;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The whole Litper suite on one machine, with nothing installed but a JDK: PostgreSQL and Redis
 * from Maven artifacts, the six services as separate processes, and port 8000 routed like the
 * Kubernetes Ingress. Started by {@code ./run-local}; Ctrl-C stops everything.
 */
@SpringBootApplication
@EnableConfigurationProperties(LocalSuiteProperties.class)
public class LocalSuiteApplication {

    public static void main(String[] args) {
        SpringApplication.run(LocalSuiteApplication.class, args);
    }

    @Bean
    LocalInfrastructure localInfrastructure(LocalSuiteProperties properties) {
        return new LocalInfrastructure(properties);
    }

    @Bean
    ServiceProcesses serviceProcesses(LocalSuiteProperties properties, LocalInfrastructure infrastructure) {
        return new ServiceProcesses(properties, infrastructure);
    }

    @Bean
    SuiteStatus suiteStatus(ServiceProcesses processes, LocalInfrastructure infrastructure) {
        return new SuiteStatus(processes, infrastructure);
    }

    @Bean
    StartupReport startupReport(ServiceProcesses processes, LocalInfrastructure infrastructure, SuiteStatus status,
            LocalSuiteProperties properties) {
        return new StartupReport(processes, infrastructure, status, properties);
    }
}
