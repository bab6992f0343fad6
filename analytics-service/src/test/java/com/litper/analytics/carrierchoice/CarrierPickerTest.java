package com.litper.analytics.carrierchoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.carrier.PublishedCarrierChoice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Percentiles of summed histograms, scores, and the choice's order of preference, without I/O. */
class CarrierPickerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void percentilesAreTheNearestRankOfTheSummedHistogram() {
        long[] hist = new long[31];
        assertThat(RouteCarrierStats.percentile(hist, 50)).isNull();
        hist[4] = 1;
        assertThat(RouteCarrierStats.percentile(hist, 50)).isEqualTo(4);
        assertThat(RouteCarrierStats.percentile(hist, 90)).isEqualTo(4);
        hist[1] = 9; // ten shipments: nine at 1 day, one at 4
        assertThat(RouteCarrierStats.percentile(hist, 50)).isEqualTo(1);
        assertThat(RouteCarrierStats.percentile(hist, 90)).isEqualTo(1);
        hist[30] = 10; // twenty: the 10th is at 4 days, the 18th in the "30 or more" bucket
        assertThat(RouteCarrierStats.percentile(hist, 50)).isEqualTo(4);
        assertThat(RouteCarrierStats.percentile(hist, 90)).isEqualTo(30);
    }

    @Test
    void theScoreWeighsFreightAboveTheCheapestCandidate() {
        RouteCarrierStats cheap = stats("servientrega", 100, 80, 10_000);
        RouteCarrierStats dear = stats("tcc", 100, 95, 12_500);
        RouteCarrierStats unknownFreight = stats("coordinadora", 100, 90, 0);
        List<RouteCarrierStats> all = List.of(cheap, dear, unknownFreight);
        assertThat(CarrierPicker.score(cheap, all, 0.5)).isEqualTo(0.80);
        assertThat(CarrierPicker.score(dear, all, 0.5)).isEqualTo(0.95 - 0.5 * 0.25);
        assertThat(CarrierPicker.score(unknownFreight, all, 0.5)).isEqualTo(0.90);
        assertThat(CarrierPicker.score(dear, all, 0)).isEqualTo(0.95);
    }

    @Test
    void tiesGoToTheLargerSampleThenTheCheaperFreight() {
        CarrierRule rule = new CarrierRule(CarrierRule.Mode.BEST_MEASURED, 30, 90, 0, null, NOW);
        Map<String, PublishedCarrierChoice> bySample = CarrierPicker.choose(rule,
                List.of(stats("servientrega", 40, 36, 10_000), stats("tcc", 50, 45, 12_000)), List.of(), code -> true, NOW);
        assertThat(bySample.get("11-05").carrier()).isEqualTo("tcc");
        Map<String, PublishedCarrierChoice> byFreight = CarrierPicker.choose(rule,
                List.of(stats("servientrega", 50, 45, 11_000), stats("tcc", 50, 45, 12_000)), List.of(), code -> true, NOW);
        assertThat(byFreight.get("11-05").carrier()).isEqualTo("servientrega");
    }

    @Test
    void aDisabledCarrierIsNeverChosenNorPublishedAsTheFallback() {
        CarrierRule rule = new CarrierRule(CarrierRule.Mode.BEST_MEASURED, 30, 90, 0, "envia", NOW);
        Set<String> enabled = Set.of("tcc");
        Map<String, PublishedCarrierChoice> store = CarrierPicker.choose(rule, List.of(stats("envia", 500, 500, 1_000)),
                List.of(stats("envia", 900, 900, 1_000), stats("tcc", 30, 15, 20_000)), enabled::contains, NOW);
        assertThat(store).containsOnlyKeys("11-05");
        assertThat(store.get("11-05").carrier()).isEqualTo("tcc");
        assertThat(store.get("11-05").basis()).isEqualTo(PublishedCarrierChoice.Basis.NETWORK);
        assertThat(CarrierPicker.choose(rule, List.of(stats("envia", 500, 500, 1_000)), List.of(), enabled::contains, NOW)).isEmpty();
    }

    private static RouteCarrierStats stats(String carrier, long sample, long onTime, long averageFreight) {
        long[] hist = new long[31];
        hist[2] = sample;
        return new RouteCarrierStats("11", "05", carrier, sample, sample, 0, sample, onTime, hist, averageFreight * sample,
                averageFreight == 0 ? 0 : sample);
    }
}
