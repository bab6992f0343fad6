package com.litper.analytics.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.embedded.EmbeddedInfrastructure;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The months ahead get their partitions of analytics.event, once, with what the default partition held of them. */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventPartitionsTest {

    @Autowired
    EventPartitions partitions;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void dropTheFarFuture() {
        for (String month : new String[] {"2031_06", "2031_07", "2031_08", "2031_09"}) {
            jdbc.sql("DROP TABLE IF EXISTS analytics.event_" + month).update();
        }
        jdbc.sql("DELETE FROM analytics.event WHERE occurred_at >= '2031-01-01'").update();
    }

    @Test
    void theMonthAndTheNextThreeAreCreatedOnceAndTheDefaultPartitionsRowsMoveIn() {
        UUID order = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, destination_department)
                        VALUES (:key, 'ORDER_PLACED', :store, :order, '2031-07-10 12:00:00+00', '05')""")
                .param("key", "order:" + order).param("store", UUID.randomUUID()).param("order", order).update();
        assertThat(partitionOf("order:" + order)).isEqualTo("event_default");
        assertThat(partitionExists("event_2031_06")).isFalse();

        assertThat(partitions.createAhead(LocalDate.parse("2031-06-15")))
                .containsExactly(YearMonth.of(2031, 6), YearMonth.of(2031, 7), YearMonth.of(2031, 8), YearMonth.of(2031, 9));

        assertThat(partitionExists("event_2031_09")).isTrue();
        assertThat(partitionExists("event_2031_10")).isFalse();
        assertThat(partitionOf("order:" + order)).isEqualTo("event_2031_07");
        // Checked again (another replica, the next tick): nothing more to do.
        assertThat(partitions.createAhead(LocalDate.parse("2031-06-30"))).isEmpty();
    }

    @Test
    void monthsTheMigrationCreatedAreLeftAlone() {
        assertThat(partitions.createAhead(LocalDate.parse("2027-02-01"))).isEmpty();
    }

    private String partitionOf(String key) {
        return jdbc.sql("SELECT tableoid::regclass::text FROM analytics.event WHERE event_key = :key").param("key", key)
                .query(String.class).single().replace("analytics.", "");
    }

    private boolean partitionExists(String table) {
        return jdbc.sql("SELECT to_regclass(:table) IS NOT NULL").param("table", "analytics." + table).query(Boolean.class).single();
    }
}
