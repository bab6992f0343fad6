package com.litper.common.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code db} component of {@code /ready} when replicas are configured: UP while the primary or
 * the read pool answers, with each one's state in the details.
 */
public class RoutingHealthIndicator implements HealthIndicator {

    private final DataSource primary;
    private final DataSource replicas;

    public RoutingHealthIndicator(DataSource primary, DataSource replicas) {
        this.primary = primary;
        this.replicas = replicas;
    }

    @Override
    public Health health() {
        String primaryState = check(primary);
        String readState = check(replicas);
        boolean up = "UP".equals(primaryState) || "UP".equals(readState);
        return (up ? Health.up() : Health.down())
                .withDetail("primary", primaryState)
                .withDetail("reads", readState)
                .build();
    }

    private static String check(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2) ? "UP" : "DOWN";
        } catch (SQLException e) {
            return "DOWN";
        }
    }
}
