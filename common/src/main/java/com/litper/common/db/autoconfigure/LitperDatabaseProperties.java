package com.litper.common.db.autoconfigure;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Read replicas of the PostgreSQL primary. The primary itself stays {@code spring.datasource.*}
 * ({@code LITPER_DB_URL}); with no replica configured nothing here applies and every statement
 * goes to the primary.
 *
 * @param replicaUrls JDBC URLs of the read replicas ({@code jdbc:postgresql://host:port/db}),
 *     same database, user and password as the primary
 * @param replicaPoolSize connections in the read pool, shared by all replicas
 * @param replicaConnectTimeout how long one connection attempt to one replica may take before the
 *     next replica (or the primary) is tried
 * @param fallbackToPrimary whether reads go to the primary when no replica answers
 * @param readYourWritesWindow how long after a client (same {@code Authorization} credential)
 *     wrote, its reads go to the primary, so it sees its write even when replicas lag; 0 keeps
 *     only the same-request guarantee
 * @param monitorInterval how often each replica is probed (reachability and replication lag)
 */
@Validated
@ConfigurationProperties("litper.db")
public record LitperDatabaseProperties(
        @DefaultValue({}) @NotNull List<String> replicaUrls,
        @DefaultValue("10") @Min(1) int replicaPoolSize,
        @DefaultValue("2s") @NotNull Duration replicaConnectTimeout,
        @DefaultValue("true") boolean fallbackToPrimary,
        @DefaultValue("5s") @NotNull Duration readYourWritesWindow,
        @DefaultValue("5s") @NotNull Duration monitorInterval) {

    public boolean hasReplicas() {
        return !replicaUrls.isEmpty();
    }
}
