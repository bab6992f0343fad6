package com.litper.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The expand/contract rules a Flyway migration follows so that the release before it keeps running
 * beside it during a rolling upgrade (docs/database.md, "Rolling upgrades"). It is a small linter,
 * not a SQL parser: comments and string literals are masked, the script is split at its semicolons,
 * and each statement that touches a table created by an <em>earlier</em> migration of the same
 * location is checked. Tables created in the same script have no old writers and are not checked.
 */
public final class MigrationRules {

    /** What a statement may not do to a table old pods still use, and how to do it instead. */
    public enum Rule {
        NOT_NULL_WITHOUT_DEFAULT("not-null-without-default", false,
                "pods of the release before insert rows without this column and would fail: add it nullable, or NOT NULL with a"
                        + " DEFAULT; make it NOT NULL in a later release, once every running writer fills it"),
        SET_NOT_NULL("set-not-null", true,
                "pods of the release before may insert rows without a value: backfill and SET NOT NULL in the release after the one"
                        + " that writes it everywhere, marked '-- contract: <reason>, every writer fills it since <version>'"),
        INDEX_NOT_CONCURRENT("index-not-concurrent", false,
                "building it blocks every write to the table until it is done: CREATE INDEX CONCURRENTLY (a unique constraint:"
                        + " CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX) in a script of its own"),
        CONCURRENTLY_IN_TRANSACTION("concurrently-in-transaction", false,
                "a CONCURRENTLY statement cannot run inside a transaction: put <script>.sql.conf next to the script containing"
                        + " executeInTransaction=false"),
        CONTRACT_STEP("contract-step", true,
                "pods of the release before still read and write it: drop, rename or retype only in a release after the one that"
                        + " stopped using it, marked '-- contract: <reason>, old writers stopped writing it in <version>'");

        private final String id;
        private final boolean markable;
        private final String fix;

        Rule(String id, boolean markable, String fix) {
            this.id = id;
            this.markable = markable;
            this.fix = fix;
        }

        /** The rule's name in messages and in the allow-list. */
        public String id() {
            return id;
        }

        /** Whether a {@code -- contract: <reason>} comment on the statement allows it. */
        public boolean markable() {
            return markable;
        }

        /** How to get the same change without breaking the release before. */
        public String fix() {
            return fix;
        }
    }

    /**
     * One statement that breaks a rule.
     *
     * @param file the script, as given to {@link #check}
     * @param line 1-based line of the clause at fault
     * @param rule the rule
     * @param statement the clause at fault, on one line
     * @param what what the clause does, e.g. {@code SET NOT NULL on conversation.last_message_at}
     */
    public record Violation(String file, int line, Rule rule, String statement, String what) {

        @Override
        public String toString() {
            return file + ":" + line + " [" + rule.id() + "] " + what + ": " + statement + "\n    fix: " + rule.fix()
                    + (rule.markable() ? "" : " (no marker allows this one)");
        }
    }

    /**
     * One versioned migration script.
     *
     * @param file how messages name it, e.g. {@code chat-service/src/main/resources/db/migration/chat/V4__inbox.sql}
     * @param sql its text
     * @param scriptConfig the text of {@code <script>.conf} beside it, or null
     */
    public record Migration(String file, String sql, String scriptConfig) {
    }

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.*\\.sql");
    private static final Pattern MARKER = Pattern.compile("--\\s*contract:(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NO_TRANSACTION = Pattern.compile("(?m)^\\s*executeInTransaction\\s*=\\s*false\\s*$");

    private static final String NAME = "((?:\"[^\"]+\"|[^\\s(,;\"]+)(?:\\.(?:\"[^\"]+\"|[^\\s(,;\"]+))?)";
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^CREATE (?:(?:GLOBAL |LOCAL )?(?:TEMP|TEMPORARY) |UNLOGGED )?TABLE (?:IF NOT EXISTS )?" + NAME);
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "^CREATE (UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(?:(?!ON )(\\S+) )?ON (?:ONLY )?" + NAME);
    private static final Pattern ALTER_TABLE = Pattern.compile("^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?" + NAME + " ");
    private static final Pattern DROP_TABLE = Pattern.compile("^DROP TABLE (?:IF EXISTS )?(.*?)(?: CASCADE| RESTRICT)?$");
    private static final Pattern CONCURRENTLY = Pattern.compile("^(?:CREATE (?:UNIQUE )?INDEX|DROP INDEX|REINDEX\\b.*) CONCURRENTLY\\b|"
            + "^REINDEX \\(.*\\bCONCURRENTLY\\b|^REFRESH MATERIALIZED VIEW CONCURRENTLY\\b");

    private static final Pattern ADD_COLUMN = Pattern.compile(
            "^ADD (?:COLUMN )?(?:IF NOT EXISTS )?(?!(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE)\\b)(\\S+) (.*)$");
    private static final Pattern ADD_KEY = Pattern.compile("^ADD (?:CONSTRAINT \\S+ )?(?:UNIQUE|PRIMARY KEY)\\b");
    private static final Pattern SET_NOT_NULL = Pattern.compile("^ALTER (?:COLUMN )?(\\S+) SET NOT NULL\\b");
    private static final Pattern RETYPE = Pattern.compile("^ALTER (?:COLUMN )?(\\S+) (?:SET DATA )?TYPE\\b");
    private static final Pattern DROP_COLUMN = Pattern.compile("^DROP (?:COLUMN )?(?:IF EXISTS )?(?!CONSTRAINT\\b)(\\S+)");
    private static final Pattern RENAME_COLUMN = Pattern.compile("^RENAME (?:COLUMN )?(?!(?:TO|CONSTRAINT)\\b)(\\S+) TO (\\S+)");
    private static final Pattern RENAME_TABLE = Pattern.compile("^RENAME TO (\\S+)");

    private MigrationRules() {
    }

    /**
     * The versioned scripts of one Flyway location (a directory), in version order, each with its
     * script configuration; {@code root} is what their names in messages are relative to.
     */
    public static List<Migration> load(Path location, Path root) {
        try (Stream<Path> files = Files.list(location)) {
            List<Path> scripts = files.filter(f -> VERSIONED.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(f -> version(f.getFileName().toString()), MigrationRules::compareVersions))
                    .toList();
            List<Migration> migrations = new ArrayList<>();
            for (Path script : scripts) {
                Path config = script.resolveSibling(script.getFileName() + ".conf");
                migrations.add(new Migration(root.relativize(script).toString().replace('\\', '/'),
                        Files.readString(script, StandardCharsets.UTF_8),
                        Files.exists(config) ? Files.readString(config, StandardCharsets.UTF_8) : null));
            }
            return migrations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every violation in {@code migrations}, which must be one location's scripts in version order:
     * a table counts as existing from the script after the one that created it.
     */
    public static List<Violation> check(List<Migration> migrations) {
        Set<String> existing = new HashSet<>();
        List<Violation> violations = new ArrayList<>();
        for (Migration migration : migrations) {
            Set<String> createdHere = new TreeSet<>();
            Script script = Script.of(migration.sql());
            boolean concurrently = false;
            for (Statement statement : script.statements()) {
                String text = statement.normalized();
                Matcher created = CREATE_TABLE.matcher(text);
                if (created.find()) {
                    createdHere.add(table(created.group(1)));
                    continue;
                }
                if (CONCURRENTLY.matcher(text).find()) {
                    concurrently = true;
                }
                checkStatement(migration, script, statement, existing, violations);
            }
            if (concurrently && (migration.scriptConfig() == null || !NO_TRANSACTION.matcher(migration.scriptConfig()).find())) {
                Statement first = script.statements().stream().filter(s -> CONCURRENTLY.matcher(s.normalized()).find()).findFirst()
                        .orElseThrow();
                violations.add(new Violation(migration.file(), first.line(), Rule.CONCURRENTLY_IN_TRANSACTION, first.excerpt(),
                        "no " + fileName(migration.file()) + ".conf with executeInTransaction=false"));
            }
            existing.addAll(createdHere);
        }
        return violations;
    }

    private static void checkStatement(Migration migration, Script script, Statement statement, Set<String> existing,
            List<Violation> violations) {
        String text = statement.normalized();
        Matcher index = CREATE_INDEX.matcher(text);
        if (index.find()) {
            String table = table(index.group(4));
            if (existing.contains(table) && index.group(2) == null) {
                violations.add(new Violation(migration.file(), statement.line(), Rule.INDEX_NOT_CONCURRENT, statement.excerpt(),
                        "index " + (index.group(3) == null ? "" : index.group(3).toLowerCase(Locale.ROOT) + " ") + "on " + table
                                + " built without CONCURRENTLY"));
            }
            return;
        }
        Matcher drop = DROP_TABLE.matcher(text);
        if (drop.find()) {
            for (String name : drop.group(1).split(",")) {
                String table = table(name.strip());
                if (existing.contains(table)) {
                    report(migration, script, statement, statement.line(), statement.excerpt(), Rule.CONTRACT_STEP,
                            "DROP TABLE " + table, violations);
                }
            }
            return;
        }
        Matcher alter = ALTER_TABLE.matcher(text);
        if (!alter.find()) {
            return;
        }
        String table = table(alter.group(1));
        if (!existing.contains(table)) {
            return;
        }
        for (Clause clause : statement.clauses(alter.end())) {
            String c = clause.normalized();
            Matcher m;
            if ((m = ADD_COLUMN.matcher(c)).find()) {
                String rest = m.group(2);
                String column = table + "." + column(m.group(1));
                if (rest.matches(".*\\bNOT NULL\\b.*") && !rest.matches(".*\\b(DEFAULT|GENERATED)\\b.*")) {
                    report(migration, script, statement, clause.line(), clause.excerpt(), Rule.NOT_NULL_WITHOUT_DEFAULT,
                            "ADD COLUMN " + column + " NOT NULL without a DEFAULT", violations);
                }
                if (rest.matches(".*\\b(UNIQUE|PRIMARY KEY)\\b.*")) {
                    report(migration, script, statement, clause.line(), clause.excerpt(), Rule.INDEX_NOT_CONCURRENT,
                            "ADD COLUMN " + column + " with a UNIQUE or PRIMARY KEY index built without CONCURRENTLY", violations);
                }
            } else if (ADD_KEY.matcher(c).find() && !c.contains(" USING INDEX ")) {
                report(migration, script, statement, clause.line(), clause.excerpt(), Rule.INDEX_NOT_CONCURRENT,
                        "a UNIQUE or PRIMARY KEY constraint on " + table + " built without CONCURRENTLY", violations);
            } else if ((m = SET_NOT_NULL.matcher(c)).find()) {
                report(migration, script, statement, clause.line(), clause.excerpt(), Rule.SET_NOT_NULL,
                        "SET NOT NULL on " + table + "." + column(m.group(1)), violations);
            } else if ((m = RETYPE.matcher(c)).find()) {
                report(migration, script, statement, clause.line(), clause.excerpt(), Rule.CONTRACT_STEP,
                        "TYPE of " + table + "." + column(m.group(1)) + " changed", violations);
            } else if ((m = DROP_COLUMN.matcher(c)).find()) {
                report(migration, script, statement, clause.line(), clause.excerpt(), Rule.CONTRACT_STEP,
                        "DROP COLUMN " + table + "." + column(m.group(1)), violations);
            } else if ((m = RENAME_COLUMN.matcher(c)).find()) {
                report(migration, script, statement, clause.line(), clause.excerpt(), Rule.CONTRACT_STEP,
                        "RENAME COLUMN " + table + "." + column(m.group(1)) + " TO " + column(m.group(2)), violations);
            } else if ((m = RENAME_TABLE.matcher(c)).find()) {
                report(migration, script, statement, clause.line(), clause.excerpt(), Rule.CONTRACT_STEP,
                        "RENAME TABLE " + table + " TO " + table(m.group(1)), violations);
            }
        }
    }

    private static void report(Migration migration, Script script, Statement statement, int line, String excerpt, Rule rule,
            String what, List<Violation> violations) {
        if (rule.markable() && script.markedReason(statement) != null) {
            return;
        }
        violations.add(new Violation(migration.file(), line, rule, excerpt, what));
    }

    private static String table(String name) {
        String unqualified = name.contains(".") && !name.endsWith("\"") ? name.substring(name.lastIndexOf('.') + 1)
                : name.replaceAll("^.*\\.(\"[^\"]+\")$", "$1");
        return unqualified.replace("\"", "").toLowerCase(Locale.ROOT);
    }

    private static String column(String name) {
        return name.replace("\"", "").toLowerCase(Locale.ROOT);
    }

    private static String fileName(String file) {
        return file.substring(file.lastIndexOf('/') + 1);
    }

    private static int[] version(String fileName) {
        Matcher m = VERSIONED.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException(fileName);
        }
        return Stream.of(m.group(1).split("[._]")).mapToInt(Integer::parseInt).toArray();
    }

    private static int compareVersions(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    /** A script with comments and literals masked (same length, newlines kept), its statements and its markers. */
    private record Script(String original, String masked, List<Statement> statements, List<Marker> markers) {

        static Script of(String sql) {
            StringBuilder masked = new StringBuilder(sql.length());
            List<Marker> markers = new ArrayList<>();
            int i = 0;
            while (i < sql.length()) {
                char ch = sql.charAt(i);
                if (ch == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                    int end = sql.indexOf('\n', i);
                    end = end < 0 ? sql.length() : end;
                    Matcher marker = MARKER.matcher(sql.substring(i, end));
                    if (marker.matches() && !marker.group(1).isBlank()) {
                        markers.add(new Marker(i, marker.group(1).strip()));
                    }
                    blank(sql, i, end, masked);
                    i = end;
                } else if (ch == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                    int end = sql.indexOf("*/", i + 2);
                    end = end < 0 ? sql.length() : end + 2;
                    blank(sql, i, end, masked);
                    i = end;
                } else if (ch == '\'') {
                    int end = i + 1;
                    while (end < sql.length() && !(sql.charAt(end) == '\'' && (end + 1 >= sql.length() || sql.charAt(end + 1) != '\''))) {
                        end += sql.charAt(end) == '\'' ? 2 : 1;
                    }
                    end = Math.min(end + 1, sql.length());
                    masked.append('\'');
                    blank(sql, i + 1, end - 1, masked);
                    masked.append(end - 1 > i ? "'" : "");
                    i = end;
                } else if (ch == '$') {
                    Matcher tag = Pattern.compile("\\$[A-Za-z_]*\\$").matcher(sql).region(i, sql.length());
                    if (tag.lookingAt()) {
                        int close = sql.indexOf(tag.group(), tag.end());
                        int end = close < 0 ? sql.length() : close + tag.group().length();
                        masked.append('\'');
                        blank(sql, i + 1, end - 1, masked);
                        masked.append('\'');
                        i = end;
                    } else {
                        masked.append(ch);
                        i++;
                    }
                } else {
                    masked.append(ch);
                    i++;
                }
            }
            String text = masked.toString();
            List<Statement> statements = new ArrayList<>();
            int start = 0;
            int previousEnd = 0;
            for (int at = 0; at <= text.length(); at++) {
                if (at == text.length() || text.charAt(at) == ';') {
                    if (!text.substring(start, at).isBlank()) {
                        statements.add(new Statement(sql, text, start, at, previousEnd));
                    }
                    previousEnd = at;
                    start = at + 1;
                }
            }
            return new Script(sql, text, statements, markers);
        }

        /** The reason of a {@code -- contract:} comment between the end of the statement before and this one's end. */
        String markedReason(Statement statement) {
            return markers.stream().filter(m -> m.offset() >= statement.previousEnd() && m.offset() < statement.end())
                    .map(Marker::reason).findFirst().orElse(null);
        }

        private static void blank(String sql, int from, int to, StringBuilder masked) {
            for (int k = from; k < to; k++) {
                masked.append(sql.charAt(k) == '\n' ? '\n' : ' ');
            }
        }
    }

    private record Marker(int offset, String reason) {
    }

    /** One statement: offsets into the script, from its first character to its semicolon. */
    private record Statement(String original, String masked, int start, int end, int previousEnd) {

        String normalized() {
            return normalize(masked.substring(start, end));
        }

        int line() {
            return lineAt(masked, firstNonBlank(masked, start, end));
        }

        String excerpt() {
            return Statement.excerpt(original, start, end);
        }

        /** The comma-separated clauses of an ALTER TABLE after its head, which ends at {@code headLength} of the normalized text. */
        List<Clause> clauses(int headLength) {
            // Skip the head (ALTER TABLE name) in the raw text: as many non-blank tokens as it has.
            int tokens = normalize(masked.substring(start, end)).substring(0, headLength).strip().split(" ").length;
            int at = start;
            for (int t = 0; t < tokens; t++) {
                at = firstNonBlank(masked, at, end);
                while (at < end && !Character.isWhitespace(masked.charAt(at))) {
                    at++;
                }
            }
            List<Clause> clauses = new ArrayList<>();
            int depth = 0;
            int from = at;
            for (int k = at; k <= end; k++) {
                char ch = k < end ? masked.charAt(k) : ',';
                if (ch == '(') {
                    depth++;
                } else if (ch == ')') {
                    depth--;
                } else if (ch == ',' && depth == 0) {
                    if (!masked.substring(from, k).isBlank()) {
                        clauses.add(new Clause(original, masked, from, k));
                    }
                    from = k + 1;
                }
            }
            return clauses;
        }

        static String normalize(String text) {
            return text.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        }

        static int firstNonBlank(String text, int from, int to) {
            int at = from;
            while (at < to && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at;
        }

        static int lineAt(String text, int offset) {
            int line = 1;
            for (int k = 0; k < offset && k < text.length(); k++) {
                if (text.charAt(k) == '\n') {
                    line++;
                }
            }
            return line;
        }

        static String excerpt(String original, int from, int to) {
            String text = original.substring(from, to).lines().map(l -> l.replaceAll("--.*$", "").strip())
                    .filter(l -> !l.isEmpty()).reduce((a, b) -> a + " " + b).orElse("");
            return text.length() > 120 ? text.substring(0, 117) + "..." : text;
        }
    }

    private record Clause(String original, String masked, int start, int end) {

        String normalized() {
            return Statement.normalize(masked.substring(start, end));
        }

        int line() {
            return Statement.lineAt(masked, Statement.firstNonBlank(masked, start, end));
        }

        String excerpt() {
            return Statement.excerpt(original, start, end);
        }
    }
}
