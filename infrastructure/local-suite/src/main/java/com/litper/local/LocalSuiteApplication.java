package com.litper.local;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The whole Litper suite on one machine, with nothing installed but a JDK: PostgreSQL and Redis
 * from Maven artifacts, the six services as separate processes, the carrier and WhatsApp sandbox,
 * and port 8000 routed like the Kubernetes Ingress. Started by {@code ./run-local}; Ctrl-C stops everything.
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
    SandboxProcess sandboxProcess(LocalSuiteProperties properties, Environment environment) {
        return new SandboxProcess(properties, environment.getProperty("server.port", Integer.class, 8080));
    }

    @Bean
    TraceViewer traceViewer(LocalSuiteProperties properties) {
        return new TraceViewer(properties);
    }

    @Bean
    ServiceProcesses serviceProcesses(LocalSuiteProperties properties, LocalInfrastructure infrastructure, SandboxProcess sandbox,
            TraceViewer traceViewer) {
        return new ServiceProcesses(properties, infrastructure, sandbox, traceViewer);
    }

    @Bean
    SuiteStatus suiteStatus(ServiceProcesses processes, LocalInfrastructure infrastructure, SandboxProcess sandbox) {
        return new SuiteStatus(processes, infrastructure, sandbox);
    }

    @Bean
    StartupReport startupReport(ServiceProcesses processes, LocalInfrastructure infrastructure, SuiteStatus status,
            LocalSuiteProperties properties, SandboxProcess sandbox, TraceViewer traceViewer) {
        return new StartupReport(processes, infrastructure, status, properties, sandbox, traceViewer);
    }
}
