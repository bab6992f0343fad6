package com.litper.common.leader.autoconfigure;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a service elects the one replica that runs its singleton schedulers.
 *
 * @param mode how the leader is elected: {@code standalone} (this instance always leads: one
 *     instance only), {@code kubernetes} (a coordination.k8s.io Lease) or {@code redis} (a Redis lock)
 * @param name the election's name, shared by all replicas of one service: the Lease name or the
 *     Redis key suffix (default: {@code <spring.application.name>-leader})
 * @param identity this replica's identity, unique among the candidates (default: the host name,
 *     which is the pod name under Kubernetes)
 * @param namespace the Lease's namespace under Kubernetes (default: the pod's own namespace)
 * @param leaseDuration how long a leader's claim holds without renewal: a replica that dies
 *     without releasing is replaced after at most this long
 * @param renewDeadline how long a leader keeps trying to renew before it steps down; shorter than
 *     the lease duration so that it stops before a successor can start
 * @param retryPeriod how often candidates try to acquire and the leader renews
 */
@Validated
@ConfigurationProperties("litper.leader")
public record LeaderProperties(
        @DefaultValue("standalone") @NotNull Mode mode,
        String name,
        String identity,
        String namespace,
        @DefaultValue("15s") @NotNull Duration leaseDuration,
        @DefaultValue("10s") @NotNull Duration renewDeadline,
        @DefaultValue("2s") @NotNull Duration retryPeriod) {

    public LeaderProperties {
        if (retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("litper.leader.retry-period must be positive, was " + retryPeriod);
        }
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("litper.leader.renew-deadline (" + renewDeadline
                    + ") must be shorter than litper.leader.lease-duration (" + leaseDuration + ")");
        }
        if (retryPeriod.compareTo(renewDeadline) >= 0) {
            throw new IllegalArgumentException("litper.leader.retry-period (" + retryPeriod
                    + ") must be shorter than litper.leader.renew-deadline (" + renewDeadline + ")");
        }
    }

    /** How the leader is elected. */
    public enum Mode {
        /** This instance always leads: for a single instance only. */
        STANDALONE,
        /** A coordination.k8s.io Lease through the Kubernetes API. */
        KUBERNETES,
        /** A Redis lock. */
        REDIS
    }
}
