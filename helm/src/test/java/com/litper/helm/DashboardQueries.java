package com.litper.helm;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The PromQL queries of a Grafana dashboard: its panels' targets (rows' panels too). */
final class DashboardQueries {

    private DashboardQueries() {
    }

    static List<String> of(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        collect(dashboard.path("panels"), queries);
        return queries;
    }

    private static void collect(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(target -> {
                if (target.hasNonNull("expr")) {
                    queries.add(target.path("expr").asString());
                }
            });
            collect(panel.path("panels"), queries);
        }
    }
}
