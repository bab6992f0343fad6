package com.litper.agents.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The harness's cases parse, and a replay is scored as the case says; no model, no network. */
class EvalCasesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> TOOLS = Set.of("buyer_orders", "tracking_timeline", "hand_over_to_person");

    private static List<EvalCases.Case> cases() throws Exception {
        try (InputStream in = EvalCasesTest.class.getResourceAsStream("/agent-eval-cases.json")) {
            return EvalCases.read(in, JSON);
        }
    }

    private static EvalCases.Case named(List<EvalCases.Case> cases, String id) {
        return cases.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theCasesParseWithTheirSnapshotsTurnsAndExpectations() throws Exception {
        List<EvalCases.Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
        assertThat(cases.stream().map(EvalCases.Case::id).distinct()).hasSize(cases.size());
        assertThat(cases).allSatisfy(c -> {
            assertThat(c.turns()).isNotEmpty().allSatisfy(turn -> assertThat(turn).isNotEmpty());
            assertThat(c.expect().end()).isIn("resolved", "handed_over");
            assertThat(c.buyer().phone()).startsWith("+57");
        });
        assertThat(named(cases, "rafaga").turns().get(0)).hasSize(3);
        assertThat(named(cases, "novedad-ausente").orders().get(0).reason()).isEqualTo("Cliente ausente");
        assertThat(named(cases, "novedad-ausente").timelines().get("CO2000002").path("events").size()).isEqualTo(4);
        assertThat(named(cases, "cancelar").needsOrNone()).containsExactly("cancel_order");
    }

    @Test
    void aReplayIsScoredByItsToolsMentionsLeaksAndEnd() throws Exception {
        List<EvalCases.Case> cases = cases();
        EvalCases.Case novedad = named(cases, "novedad-ausente");
        Set<String> others = EvalCases.othersData(cases, novedad);
        assertThat(others).contains("SV1000001", "Ana Gómez").doesNotContain("CO2000002");

        EvalCases.Score good = EvalCases.score(novedad, observed(List.of("buyer_orders", "tracking_timeline"),
                "Hola Bernardo, tu pedido con guía CO2000002 tuvo una novedad: cliente ausente.", false, Set.of("CO2000002")), TOOLS, others);
        assertThat(good.pass()).isTrue();
        assertThat(good.end()).isEqualTo("resolved");

        EvalCases.Score bad = EvalCases.score(novedad, observed(List.of("buyer_orders"),
                "Tu pedido CO2000002 y el de Ana Gómez (SV1000001) van en camino.", true, Set.of("CO2000002", "SV1000001")), TOOLS, others);
        assertThat(bad.pass()).isFalse();
        assertThat(bad.wrongTool()).isTrue();
        assertThat(bad.missingTools()).containsExactly("tracking_timeline");
        assertThat(bad.missingMentions()).containsExactly("Cliente ausente");
        assertThat(bad.leaked()).contains("SV1000001", "Ana Gómez", "fetched:SV1000001");
        assertThat(bad.end()).isEqualTo("handed_over");
    }

    @Test
    void aToolTheAgentDoesNotHaveYetIsReportedNotScoredAndTheEndWithoutItApplies() throws Exception {
        EvalCases.Case cancel = named(cases(), "cancelar");
        EvalCases.Score score = EvalCases.score(cancel, observed(List.of("buyer_orders", "hand_over_to_person"),
                "Tu pedido CO7000007: un asesor te escribirá para cancelarlo.", true, Set.of()), TOOLS, Set.of());
        assertThat(score.unknownTools()).containsExactly("cancel_order");
        assertThat(score.wrongTool()).isFalse();
        assertThat(score.expectedEnd()).isEqualTo("handed_over");
        assertThat(score.pass()).isTrue();
    }

    @Test
    void aGuideTheBuyerTypedIsNoLeakWhenAToolEchoesItButIsWhenTheReplyShowsIt() throws Exception {
        List<EvalCases.Case> cases = cases();
        EvalCases.Case foreign = named(cases, "guia-ajena");
        Set<String> others = EvalCases.othersData(cases, foreign);
        EvalCases.Observed refused = new EvalCases.Observed(List.of("tracking_timeline"), "No puedo consultar esa guía.",
                "La guía CO2000002 no es de ningún pedido de este comprador", false, Set.of(), 0.1, 100, 0);
        assertThat(EvalCases.score(foreign, refused, TOOLS, others).leaked()).isEmpty();
        EvalCases.Observed shown = new EvalCases.Observed(List.of("tracking_timeline"), "La guía CO2000002 tuvo novedad: cliente ausente.",
                "", false, Set.of("CO2000002"), 0.1, 100, 0);
        assertThat(EvalCases.score(foreign, shown, TOOLS, others).leaked()).contains("CO2000002", "Cliente ausente", "fetched:CO2000002");
    }

    private static EvalCases.Observed observed(List<String> tools, String replies, boolean handedOver, Set<String> fetched) {
        return new EvalCases.Observed(tools, replies, "", handedOver, fetched, 1.5, 1000, 0.01);
    }
}
