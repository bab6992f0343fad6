package com.litper.common.db;

import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A service with reads and writes, to watch where each transaction lands. */
@SpringBootApplication
class RoutingTestApplication {

    @Service
    static class Notes {
        private final JdbcTemplate jdbc;

        Notes(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional
        Map<String, Object> add(String text) {
            jdbc.update("INSERT INTO note (text) VALUES (?)", text);
            return where();
        }

        @Transactional(readOnly = true)
        List<String> all() {
            return jdbc.queryForList("SELECT text FROM note ORDER BY id", String.class);
        }

        /** Where this transaction runs: a replica answers true to pg_is_in_recovery(). */
        @Transactional(readOnly = true)
        Map<String, Object> whereRead() {
            return where();
        }

        private Map<String, Object> where() {
            return jdbc.queryForMap("SELECT pg_is_in_recovery() AS \"inRecovery\", current_setting('port')::int AS port");
        }

        @Transactional(readOnly = true)
        Integer slow(double seconds) {
            return jdbc.queryForObject("SELECT 1 FROM pg_sleep(?)", Integer.class, seconds);
        }
    }

    @RestController
    static class NotesController {
        private final Notes notes;

        NotesController(Notes notes) {
            this.notes = notes;
        }

        @PostMapping("/notes")
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, Object> add(@RequestBody Map<String, String> body, @RequestParam(defaultValue = "false") boolean thenRead) {
            Map<String, Object> written = new java.util.LinkedHashMap<>(notes.add(body.get("text")));
            if (thenRead) {
                written.put("readAfterWrite", notes.all());
            }
            return written;
        }

        @GetMapping("/notes")
        List<String> all() {
            return notes.all();
        }

        @GetMapping("/notes/where")
        Map<String, Object> where() {
            return notes.whereRead();
        }

        @GetMapping("/notes/slow")
        Integer slow(@RequestParam double seconds) {
            return notes.slow(seconds);
        }
    }
}
