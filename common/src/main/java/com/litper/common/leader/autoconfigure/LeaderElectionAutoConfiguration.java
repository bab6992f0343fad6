package com.litper.common.leader.autoconfigure;

import com.litper.common.leader.KubernetesLeaderElection;
import com.litper.common.leader.LeaderElection;
import com.litper.common.leader.RedisLeaderElection;
import com.litper.common.leader.StandaloneLeaderElection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * One {@link LeaderElection} per service, chosen by {@code litper.leader.mode}; it campaigns
 * while the application runs and releases the leadership first thing on shutdown, so a successor
 * takes over while this replica drains. Its rounds run on Spring Boot's task scheduler (see
 * {@code LitperSchedulingAutoConfiguration}).
 */
@AutoConfiguration(afterName = {"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration"})
@EnableConfigurationProperties(LeaderProperties.class)
public class LeaderElectionAutoConfiguration {

    private static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KubernetesClient.class)
    @ConditionalOnProperty(name = "litper.leader.mode", havingValue = "kubernetes")
    static class KubernetesElection {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        KubernetesClient litperLeaderKubernetesClient() {
            // In a pod this reads the service account token and the API server address.
            return new KubernetesClientBuilder().build();
        }

        @Bean
        @ConditionalOnMissingBean
        LeaderElection litperLeaderElection(KubernetesClient client, LeaderProperties properties, Environment environment,
                ThreadPoolTaskScheduler taskScheduler) {
            return new KubernetesLeaderElection(client, namespace(properties, client), name(properties, environment),
                    identity(properties), properties.leaseDuration(), properties.renewDeadline(), properties.retryPeriod(),
                    taskScheduler.getScheduledExecutor());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(StringRedisTemplate.class)
    @ConditionalOnProperty(name = "litper.leader.mode", havingValue = "redis")
    static class RedisElection {

        @Bean
        @ConditionalOnMissingBean
        LeaderElection litperLeaderElection(ObjectProvider<StringRedisTemplate> redis, LeaderProperties properties, Environment environment,
                ThreadPoolTaskScheduler taskScheduler) {
            return new RedisLeaderElection(redis.getObject(), name(properties, environment), identity(properties),
                    properties.leaseDuration(), properties.renewDeadline(), properties.retryPeriod(), Clock.systemUTC(),
                    taskScheduler.getScheduledExecutor());
        }
    }

    @Bean
    @ConditionalOnMissingBean
    LeaderElection litperStandaloneLeaderElection(LeaderProperties properties, Environment environment) {
        return new StandaloneLeaderElection(name(properties, environment), identity(properties));
    }

    @Bean
    SmartLifecycle litperLeaderElectionLifecycle(LeaderElection election) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                election.start();
                running = true;
            }

            @Override
            public void stop() {
                election.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                // Started last and stopped first: no singleton work runs before the context is
                // ready, and leadership is handed over before the web server drains.
                return Integer.MAX_VALUE - 100;
            }
        };
    }

    static String name(LeaderProperties properties, Environment environment) {
        if (properties.name() != null && !properties.name().isBlank()) {
            return properties.name();
        }
        return environment.getProperty("spring.application.name", "litper") + "-leader";
    }

    static String identity(LeaderProperties properties) {
        if (properties.identity() != null && !properties.identity().isBlank()) {
            return properties.identity();
        }
        String hostname = System.getenv("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            return hostname;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "litper-" + UUID.randomUUID();
        }
    }

    static String namespace(LeaderProperties properties, KubernetesClient client) {
        if (properties.namespace() != null && !properties.namespace().isBlank()) {
            return properties.namespace();
        }
        try {
            if (Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) {
                return Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim();
            }
        } catch (java.io.IOException ignored) {
            // Fall back to the client's configured namespace.
        }
        String configured = client.getNamespace();
        return configured != null ? configured : "default";
    }
}
