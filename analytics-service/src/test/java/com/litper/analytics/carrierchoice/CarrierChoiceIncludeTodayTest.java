package com.litper.analytics.carrierchoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.testing.TestTokens;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code litper.analytics.carrier-choice.include-today} (the local suite's setting) a rule's
 * window ends today: the shipments delivered minutes ago choose the carrier, and the window is still
 * {@code windowDays} long.
 */
@TestPropertySource(properties = "litper.analytics.carrier-choice.include-today=true")
class CarrierChoiceIncludeTodayTest extends CarrierChoiceTestSupport {

    private static final LocalDate TODAY = LocalDate.now(CarrierChoiceJob.BOGOTA);

    @Autowired
    CarrierChoiceJob job;

    @Test
    void todaysShipmentsCountAndTheWindowKeepsItsLength() {
        UUID store = UUID.randomUUID();
        measured(store, TODAY, "tcc", "03-06", 5, 5, 10_000);
        measured(store, TODAY.minusDays(6), "servientrega", "03-06", 5, 4, 10_000);
        // Outside seven days ending today; it would win were it counted.
        measured(store, TODAY.minusDays(7), "coordinadora", "03-06", 100, 100, 9_000);

        assertThat(put("/api/analytics/carrier-rule", TestTokens.owner(store),
                "{\"mode\":\"BEST_MEASURED\",\"minSample\":5,\"windowDays\":7}").status()).isEqualTo(200);
        Map<String, PublishedCarrierChoice> choices = job.publish(store);
        assertThat(choices.get("03-06").carrier()).isEqualTo("tcc");
        assertThat(choices.get("03-06").basis()).isEqualTo(PublishedCarrierChoice.Basis.STORE);
        assertThat(choices.get("03-06").sample()).isEqualTo(5);
    }
}
