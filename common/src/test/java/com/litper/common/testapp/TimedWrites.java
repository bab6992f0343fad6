package com.litper.common.testapp;

import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API handlers that write a row in a transaction and then take their time (RequestTimeoutTest). */
@RestController
class TimedWrites {

    static final String TABLE = "request_timeout_rows";

    private final ObjectProvider<JdbcClient> jdbc;

    TimedWrites(ObjectProvider<JdbcClient> jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the row, then waits {@code millis} before the transaction commits. */
    @PostMapping("/api/timed-writes/{id}")
    @Transactional
    Map<String, Object> writeThenWait(@PathVariable UUID id, @RequestParam long millis) throws InterruptedException {
        insert(id);
        Thread.sleep(millis);
        return Map.of("id", id);
    }

    /** Writes the row, then runs a statement that takes {@code seconds} on the database. */
    @PostMapping("/api/timed-writes/{id}/slow-statement")
    @Transactional
    Map<String, Object> writeThenSlowStatement(@PathVariable UUID id, @RequestParam double seconds) {
        insert(id);
        jdbc.getObject().sql("SELECT pg_sleep(?)").param(seconds).query().singleRow();
        return Map.of("id", id);
    }

    private void insert(UUID id) {
        jdbc.getObject().sql("INSERT INTO " + TABLE + " (id) VALUES (?)").param(id).update();
    }
}
