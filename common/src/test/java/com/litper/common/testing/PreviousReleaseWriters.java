package com.litper.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The writes of the previous release, replayed against the current schema: during a rolling upgrade
 * its pods keep running while the new release's migrations are already applied, so every INSERT and
 * UPDATE they issue must still succeed. A service keeps them in
 * {@code src/test/resources/previous-release/writers.sql}: the statements of its write paths as that
 * release's code issues them, with the parameters filled in with sample values, refreshed at each
 * release (docs/database.md, "Rolling upgrades").
 *
 * <p>Format: plain SQL, one statement per block, each ending with a semicolon at the end of a line;
 * {@code --} comments say which code path issues it. Every statement must write at least one row (a
 * statement that returns rows must return one, with a first column above zero when that is a count),
 * so a write that silently matched nothing is caught too.
 */
public final class PreviousReleaseWriters {

    /** The default location of a service's writers on its test classpath. */
    public static final String WRITERS = "previous-release/writers.sql";

    /**
     * One statement of the script.
     *
     * @param line the line it starts on
     * @param sql its text
     */
    public record Write(int line, String sql) {
    }

    private PreviousReleaseWriters() {
    }

    /** Runs every statement of the classpath resource {@code resource}, in order, each committed on its own. */
    public static void run(DataSource dataSource, String resource) {
        run(dataSource, resource, read(resource));
    }

    /** Runs {@code script}; messages name it {@code name}. */
    public static void run(DataSource dataSource, String name, String script) {
        List<Write> writes = parse(script);
        if (writes.isEmpty()) {
            throw new AssertionError(name + " holds no statements");
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (Write write : writes) {
                run(connection, name, write);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("No connection to run " + name, e);
        }
    }

    private static void run(Connection connection, String name, Write write) {
        long written;
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(write.sql())) {
                try (ResultSet result = statement.getResultSet()) {
                    // A count (e.g. "SELECT count(*) FROM task") must be above zero; any other value (RETURNING id) is a row written.
                    written = !result.next() ? 0 : result.getObject(1) instanceof Number count ? count.longValue() : 1;
                }
            } else {
                written = statement.getUpdateCount();
            }
        } catch (SQLException e) {
            throw new AssertionError(name + ":" + write.line() + ": a write of the previous release fails against the current schema"
                    + " (SQLState " + e.getSQLState() + "): " + e.getMessage().lines().findFirst().orElse("") + "\n"
                    + "Its pods would fail the same way during the rolling upgrade. Make the migration expand only (a new column"
                    + " nullable or with a DEFAULT, no rename or drop yet; docs/database.md, \"Rolling upgrades\").\nStatement: "
                    + oneLine(write.sql()), e);
        }
        if (written < 1) {
            throw new AssertionError(name + ":" + write.line() + ": a write of the previous release wrote nothing against the current"
                    + " schema: " + oneLine(write.sql()));
        }
    }

    /** The statements of {@code script}: blocks ending with a semicolon at the end of a line, comment lines left out. */
    public static List<Write> parse(String script) {
        List<Write> writes = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        int start = 0;
        List<String> lines = script.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("--")) {
                continue;
            }
            if (sql.isEmpty()) {
                start = i + 1;
            }
            sql.append(line).append('\n');
            if (stripped.endsWith(";")) {
                String text = sql.toString().strip();
                writes.add(new Write(start, text.substring(0, text.length() - 1)));
                sql.setLength(0);
            }
        }
        if (!sql.toString().isBlank()) {
            throw new IllegalArgumentException("The statement from line " + start + " does not end with a semicolon");
        }
        return writes;
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No " + resource + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ");
    }
}
