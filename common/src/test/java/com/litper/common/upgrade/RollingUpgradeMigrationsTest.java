package com.litper.common.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.MigrationRules;
import com.litper.common.testing.MigrationRules.Rule;
import com.litper.common.testing.MigrationRules.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every service's Flyway migrations follow the expand/contract rules ({@link MigrationRules},
 * docs/database.md "Rolling upgrades"), so pods of the release before keep writing while the new
 * schema is in place. The scripts are read from the checkout: {@code verify} runs in each module's
 * directory, so the project root is this module's parent.
 */
class RollingUpgradeMigrationsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /**
     * Scripts that broke a rule before the rule existed, with the rule they break. Released scripts
     * are never edited (Flyway checks their checksums), so they stay; nothing may join this list.
     */
    private record Grandfathered(String file, Rule rule, String reason) {
    }

    private static final List<Grandfathered> GRANDFATHERED = List.of(
            new Grandfathered("api-service/src/main/resources/db/migration/api/V3__order_shipment_timeline_messages.sql",
                    Rule.INDEX_NOT_CONCURRENT, "orders_store_status_created_idx; shipped 2026-11-25, before the rule"),
            new Grandfathered("chat-service/src/main/resources/db/migration/chat/V4__inbox.sql",
                    Rule.SET_NOT_NULL, "last_message_at gets DEFAULT now() in the same statement, so writers that do not know"
                            + " the column still insert; shipped 2026-11-27, before the rule"),
            new Grandfathered("chat-service/src/main/resources/db/migration/chat/V4__inbox.sql",
                    Rule.INDEX_NOT_CONCURRENT, "the five inbox indexes on conversation; shipped 2026-11-27, before the rule"),
            new Grandfathered("chat-service/src/main/resources/db/migration/chat/V5__buyer_orders.sql",
                    Rule.INDEX_NOT_CONCURRENT, "message.send_task_id UNIQUE; shipped 2026-11-27, before the rule"),
            new Grandfathered("chat-service/src/main/resources/db/migration/chat/V6__buyer_order_details.sql",
                    Rule.INDEX_NOT_CONCURRENT, "buyer_order_store_buyer_idx; shipped 2026-11-27, before the rule"),
            new Grandfathered("tracking-service/src/main/resources/db/migration/tracking/V2__status_model.sql",
                    Rule.INDEX_NOT_CONCURRENT, "shipment_tracking_number_idx, shipment_open_idx; shipped 2026-11-25, before the rule"),
            new Grandfathered("tracking-service/src/main/resources/db/migration/tracking/V3__shipment_version.sql",
                    Rule.SET_NOT_NULL, "tracking_event.shipment_version and shipment_status: writers before V3 did not fill them;"
                            + " shipped 2026-11-25, before the rule; every writer since fills them (tracking-service RollingUpgradeTest)"));

    @Test
    void everyServicesMigrationsFollowTheRules() throws IOException {
        Map<String, List<MigrationRules.Migration>> locations = locations();
        // A wrong root would find nothing and pass: the schemas the services own must all be there.
        assertThat(locations.keySet()).contains("agents", "analytics", "api", "chat", "tracking");

        List<Violation> violations = new ArrayList<>();
        locations.values().forEach(migrations -> violations.addAll(MigrationRules.check(migrations)));

        List<Violation> refused = violations.stream().filter(v -> GRANDFATHERED.stream().noneMatch(g -> covers(g, v))).toList();
        assertThat(refused).as("Migrations that break the rolling-upgrade rules (docs/database.md, \"Rolling upgrades\"):\n%s",
                refused.stream().map(Violation::toString).collect(Collectors.joining("\n"))).isEmpty();

        List<Grandfathered> stale = GRANDFATHERED.stream().filter(g -> violations.stream().noneMatch(v -> covers(g, v))).toList();
        assertThat(stale).as("Allow-list entries that no longer match a violation: remove them").isEmpty();
    }

    private static boolean covers(Grandfathered grandfathered, Violation violation) {
        return grandfathered.file().equals(violation.file()) && grandfathered.rule() == violation.rule();
    }

    /** Each module's {@code src/main/resources/db/migration/<schema>}, by schema. */
    private static Map<String, List<MigrationRules.Migration>> locations() throws IOException {
        Map<String, List<MigrationRules.Migration>> locations = new TreeMap<>();
        try (Stream<Path> found = Files.find(ROOT, 7, (path, attributes) -> attributes.isDirectory()
                && path.getParent() != null && path.getParent().endsWith(Path.of("src", "main", "resources", "db", "migration")))) {
            for (Path location : found.filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/")).toList()) {
                List<MigrationRules.Migration> previous = locations.put(location.getFileName().toString(),
                        MigrationRules.load(location, ROOT));
                assertThat(previous).as("two modules migrate schema %s", location.getFileName()).isNull();
            }
        }
        return locations;
    }
}
