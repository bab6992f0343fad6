package com.litper.analytics.carrierchoice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Each store's carrier rule ({@code analytics.carrier_rule}); a store without a row has {@link CarrierRule#DEFAULTS}. */
@Component
class CarrierRules {

    private final JdbcClient jdbc;

    CarrierRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The store's rule, or the defaults. Read on the primary: a choice must follow a rule as soon as it is saved. */
    CarrierRule of(UUID store) {
        return jdbc.sql("""
                        SELECT mode, min_sample, window_days, cost_weight, fallback_carrier, updated_at
                        FROM analytics.carrier_rule WHERE store_id = :store""")
                .param("store", store).query(CarrierRules::row).optional().orElse(CarrierRule.DEFAULTS);
    }

    /** Saves the store's whole rule, as {@code by} (the token's subject). */
    void save(UUID store, CarrierRule rule, String by) {
        jdbc.sql("""
                        INSERT INTO analytics.carrier_rule (store_id, mode, min_sample, window_days, cost_weight, fallback_carrier, updated_at, updated_by)
                        VALUES (:store, :mode, :minSample, :windowDays, :costWeight, :fallback, now(), :by)
                        ON CONFLICT (store_id) DO UPDATE SET mode = EXCLUDED.mode, min_sample = EXCLUDED.min_sample,
                            window_days = EXCLUDED.window_days, cost_weight = EXCLUDED.cost_weight,
                            fallback_carrier = EXCLUDED.fallback_carrier, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by""")
                .param("store", store).param("mode", rule.mode().name()).param("minSample", rule.minSample())
                .param("windowDays", rule.windowDays()).param("costWeight", rule.costWeight())
                .param("fallback", rule.fallbackCarrier(), java.sql.Types.VARCHAR).param("by", by)
                .update();
    }

    /** Every store that saved a rule, with it. */
    List<StoreRule> all() {
        return jdbc.sql("""
                        SELECT store_id, mode, min_sample, window_days, cost_weight, fallback_carrier, updated_at
                        FROM analytics.carrier_rule ORDER BY store_id""")
                .query((rs, n) -> new StoreRule(rs.getObject("store_id", UUID.class), row(rs, n))).list();
    }

    record StoreRule(UUID store, CarrierRule rule) {
    }

    private static CarrierRule row(ResultSet rs, int n) throws SQLException {
        return new CarrierRule(CarrierRule.Mode.valueOf(rs.getString("mode")), rs.getInt("min_sample"), rs.getInt("window_days"),
                rs.getDouble("cost_weight"), rs.getString("fallback_carrier"), rs.getTimestamp("updated_at").toInstant());
    }
}
