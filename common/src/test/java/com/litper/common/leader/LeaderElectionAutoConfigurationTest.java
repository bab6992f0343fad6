package com.litper.common.leader;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.autoconfigure.LitperSchedulingAutoConfiguration;
import com.litper.common.leader.autoconfigure.LeaderElectionAutoConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.mockito.Mockito;

/** The election a service gets is chosen by litper.leader.mode. */
class LeaderElectionAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LitperSchedulingAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
                    LeaderElectionAutoConfiguration.class))
            .withPropertyValues("spring.application.name=tracking-service");

    @Nested
    class ByDefault {
        @Test
        void aSingleInstanceAlwaysLeads() {
            runner.run(context -> {
                LeaderElection election = context.getBean(LeaderElection.class);
                assertThat(election).isInstanceOf(StandaloneLeaderElection.class);
                assertThat(election.name()).isEqualTo("tracking-service-leader");
                assertThat(election.isLeader()).isTrue();
            });
        }
    }

    @Nested
    class RedisMode {
        @Test
        void electsThroughARedisLock() {
            runner.withPropertyValues("litper.leader.mode=redis")
                    .withBean(StringRedisTemplate.class, () -> new StringRedisTemplate(Mockito.mock(RedisConnectionFactory.class)))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(LeaderElection.class)).isInstanceOf(RedisLeaderElection.class);
                    });
        }
    }

    @Nested
    class Validation {
        @Test
        void aRenewDeadlineNotShorterThanTheLeaseIsRejected() {
            runner.withPropertyValues("litper.leader.lease-duration=5s", "litper.leader.renew-deadline=5s")
                    .run(context -> assertThat(context).hasFailed());
        }
    }
}
