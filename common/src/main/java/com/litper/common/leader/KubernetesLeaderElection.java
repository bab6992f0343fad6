package com.litper.common.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election through a {@code coordination.k8s.io/v1} Lease, with fabric8's
 * {@link LeaderElector}: the leader renews the Lease every retry period; when it stops renewing
 * for the lease duration another candidate takes the Lease over. On {@link #stop()} the Lease is
 * released so a successor takes over within one retry period rather than a lease duration.
 * Needs get/create/update on leases in the namespace (the chart's leader-election Role).
 *
 * <p>The elector's rounds run on an {@link Executor} handed in by the caller (in a service, Spring
 * Boot's task scheduler), which it never shuts down.
 */
public final class KubernetesLeaderElection extends AbstractLeaderElection {

    private static final Logger log = LoggerFactory.getLogger(KubernetesLeaderElection.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Executor executor;
    private volatile String currentLeader;
    private volatile boolean campaigning;
    private CompletableFuture<?> campaign;

    /** An election through the Lease {@code namespace/name}; the elector runs on {@code executor}, which stays the caller's. */
    public KubernetesLeaderElection(KubernetesClient client, String namespace, String name, String identity,
            Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, Executor executor) {
        super(name, identity);
        this.client = client;
        this.namespace = namespace;
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
        this.executor = executor;
    }

    /** The identity of the current leader as last seen in the Lease, or null before any was seen. */
    public String currentLeader() {
        return currentLeader;
    }

    @Override
    public synchronized void start() {
        if (campaign != null) {
            return;
        }
        campaigning = true;
        LeaderElector elector = new LeaderElectorBuilder(client, executor)
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(name)
                        .withLock(new LeaseLock(namespace, name, identity))
                        .withLeaseDuration(leaseDuration)
                        .withRenewDeadline(renewDeadline)
                        .withRetryPeriod(retryPeriod)
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                // A round that was already running when stop() came must not make this candidate leader again.
                                () -> leadership.set(campaigning),
                                () -> leadership.set(false),
                                leader -> currentLeader = leader))
                        .build())
                .build();
        campaign = campaign(elector);
    }

    /**
     * fabric8's elector returns once leadership is lost (a missed renewal); a candidate must then
     * campaign again, or it would never lead again while the process lives.
     */
    private CompletableFuture<?> campaign(LeaderElector elector) {
        CompletableFuture<?> run = elector.start();
        run.whenComplete((ignored, failure) -> {
            synchronized (this) {
                if (campaign == null || run.isCancelled()) {
                    return;
                }
                if (failure != null) {
                    log.warn("leader election {} ended with an error; campaigning again", name, failure);
                }
                leadership.set(false);
                campaign = campaign(elector);
            }
        });
        return run;
    }

    @Override
    public synchronized void stop() {
        if (campaign == null) {
            return;
        }
        CompletableFuture<?> running = campaign;
        campaign = null;
        campaigning = false;
        // Cancelling makes the elector release the Lease (releaseOnCancel) so a successor need not wait for it to expire.
        running.cancel(true);
        leadership.set(false);
    }
}
