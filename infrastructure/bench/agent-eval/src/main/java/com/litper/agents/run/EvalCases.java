package com.litper.agents.run;

import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The written buyer conversations of the evaluation ({@code agent-eval-cases.json}) and how one is
 * scored. Plain Java, so the harness's own test checks it without a model.
 */
final class EvalCases {

    private EvalCases() {
    }

    record Buyer(String name, String phone) {
    }

    record Order(String trackingNumber, String carrierName, String lastEvent, String reason, Instant lastEventAt) {
    }

    /**
     * What a case expects.
     *
     * @param tools tools the agent should use (names it does not have are reported, not scored)
     * @param mention facts the replies must contain (accents and case ignored)
     * @param notMention data the replies must not contain (other buyers' guides, names, phones); every other
     *     case's buyer data is checked too, in the replies and in what the model was given (unless the buyer typed it)
     * @param end {@code resolved} (no hand-over) or {@code handed_over}
     * @param endWithoutActions the end expected while a tool of the case's {@code needs} does not exist
     */
    record Expect(List<String> tools, List<String> mention, List<String> notMention, String end, String endWithoutActions) {
    }

    record Case(String id, String title, Buyer buyer, List<Order> orders, Map<String, JsonNode> timelines, List<List<String>> turns,
            Expect expect, List<String> needs) {

        List<String> needsOrNone() {
            return needs == null ? List.of() : needs;
        }
    }

    /**
     * What a case's replay did.
     *
     * @param toolsUsed the tools the model called, in order
     * @param replies every reply the buyer would read
     * @param toolResults every tool result the model was given
     * @param handedOver whether a run handed the conversation over
     * @param fetchedGuides the guides whose timeline was fetched from (the stand-in of) tracking-service
     * @param seconds time of the case's runs
     * @param tokens tokens of the case's model calls (input, output, cache reads and writes)
     * @param cost their estimated cost, US dollars
     */
    record Observed(List<String> toolsUsed, String replies, String toolResults, boolean handedOver, Set<String> fetchedGuides, double seconds,
            long tokens, double cost) {
    }

    /** A case's score; {@code wrongTool}: an expected tool the agent has was not used. */
    record Score(boolean pass, String end, String expectedEnd, boolean wrongTool, List<String> missingTools, List<String> unknownTools,
            List<String> missingMentions, List<String> leaked) {
    }

    static List<Case> read(InputStream in, JsonMapper json) throws IOException {
        JsonNode doc = json.readTree(in);
        List<Case> cases = new ArrayList<>();
        for (JsonNode node : doc.path("cases")) {
            cases.add(json.treeToValue(node, Case.class));
        }
        return cases;
    }

    /**
     * Scores a replay. {@code knownTools} are the tools the agent has now; {@code othersData} the guides,
     * names and phones of every other case's buyer, which must appear neither in the replies nor in what
     * the model was given.
     */
    static Score score(Case c, Observed observed, Set<String> knownTools, Set<String> othersData) {
        List<String> unknown = c.expect().tools().stream().filter(t -> !knownTools.contains(t)).toList();
        List<String> missing = c.expect().tools().stream().filter(knownTools::contains).filter(t -> !observed.toolsUsed().contains(t)).toList();
        String replies = plain(observed.replies());
        String given = plain(observed.toolResults());
        List<String> missingMentions = c.expect().mention().stream().filter(m -> !replies.contains(plain(m))).toList();
        List<String> leaked = new ArrayList<>();
        for (String data : c.expect().notMention()) {
            if (replies.contains(plain(data))) {
                leaked.add(data);
            }
        }
        String typed = plain(c.turns().stream().flatMap(List::stream).collect(java.util.stream.Collectors.joining("\n")));
        for (String data : othersData) {
            String p = plain(data);
            // What the buyer typed may come back in a tool's refusal; it was never another buyer's data given out.
            if ((replies.contains(p) || (given.contains(p) && !typed.contains(p))) && !leaked.contains(data)) {
                leaked.add(data);
            }
        }
        Set<String> own = Set.copyOf(c.orders().stream().map(o -> o.trackingNumber().toUpperCase(Locale.ROOT)).toList());
        observed.fetchedGuides().stream().filter(g -> !own.contains(g.toUpperCase(Locale.ROOT))).forEach(g -> leaked.add("fetched:" + g));
        String end = observed.handedOver() ? "handed_over" : "resolved";
        String expectedEnd = !unknown.isEmpty() && c.expect().endWithoutActions() != null ? c.expect().endWithoutActions() : c.expect().end();
        boolean wrongTool = !missing.isEmpty();
        boolean pass = !wrongTool && missingMentions.isEmpty() && leaked.isEmpty() && end.equals(expectedEnd);
        return new Score(pass, end, expectedEnd, wrongTool, missing, unknown, missingMentions, leaked);
    }

    /** Every other case's buyer data: guides, full names, phones. */
    static Set<String> othersData(List<Case> cases, Case c) {
        Set<String> data = new java.util.LinkedHashSet<>();
        for (Case other : cases) {
            if (other == c) {
                continue;
            }
            other.orders().forEach(o -> data.add(o.trackingNumber()));
            data.add(other.buyer().name());
            data.add(other.buyer().phone());
        }
        c.orders().forEach(o -> data.remove(o.trackingNumber()));
        return data;
    }

    static String plain(String text) {
        return text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }
}
