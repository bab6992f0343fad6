package com.litper.analytics.carrierchoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.leader.LeaderElection;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/** The leader's scheduled rounds republish a store's choices, so a hash that expired or was lost comes back. */
// Closed after the class: its rounds must not run beside other classes' tests, which publish step by step.
@DirtiesContext
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(properties = {
        "litper.analytics.carrier-choice.interval=1s",
        "litper.analytics.carrier-choice.ttl=1m"})
class CarrierChoiceRoundsTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    LeaderElection leader;

    @Test
    void theLeadersRoundsPublishEveryStoreWithARule() {
        assertThat(leader.isLeader()).as("a single replica leads (standalone election)").isTrue();
        UUID store = UUID.randomUUID();
        // Written as the owner's PUT would, without the PUT's own publication: only a round publishes it.
        jdbc.sql("""
                        INSERT INTO analytics.carrier_rule (store_id, mode, min_sample, window_days, cost_weight, fallback_carrier, updated_by)
                        VALUES (:store, 'FIXED', 30, 90, 0, 'tcc', 'test')""")
                .param("store", store).update();

        await().atMost(Duration.ofSeconds(20)).until(() -> redis.opsForHash().hasKey(PublishedCarrierChoice.key(store),
                PublishedCarrierChoice.FALLBACK_FIELD));
        assertThat(redis.getExpire(PublishedCarrierChoice.key(store))).isBetween(1L, 60L);

        redis.delete(PublishedCarrierChoice.key(store));
        await().atMost(Duration.ofSeconds(20)).until(() -> redis.hasKey(PublishedCarrierChoice.key(store)));
    }
}
