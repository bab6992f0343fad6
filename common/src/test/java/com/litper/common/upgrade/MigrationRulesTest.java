package com.litper.common.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.MigrationRules;
import com.litper.common.testing.MigrationRules.Migration;
import com.litper.common.testing.MigrationRules.Rule;
import com.litper.common.testing.MigrationRules.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The linter itself, on small scripts: each rule fires on a bad one and stays quiet on its good form. */
class MigrationRulesTest {

    private static final Migration ORDERS = new Migration("V1__orders.sql", """
            CREATE TABLE orders (
                id     uuid PRIMARY KEY,
                status text NOT NULL,
                note   text
            );
            CREATE INDEX orders_status_idx ON orders (status);
            """, null);

    private static List<Violation> check(String sql) {
        return check(sql, null);
    }

    private static List<Violation> check(String sql, String scriptConfig) {
        return MigrationRules.check(List.of(ORDERS, new Migration("V2__change.sql", sql, scriptConfig)));
    }

    @Test
    void aNotNullColumnWithoutDefaultIsRefusedWithFileLineRuleAndFix() {
        List<Violation> violations = check("""
                -- The carrier's name.
                ALTER TABLE orders
                    ADD COLUMN note2 text,
                    ADD COLUMN carrier text NOT NULL;
                """);
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.NOT_NULL_WITHOUT_DEFAULT);
            assertThat(v.line()).isEqualTo(4);
            assertThat(v.toString()).startsWith("V2__change.sql:4 [not-null-without-default] ADD COLUMN orders.carrier NOT NULL"
                    + " without a DEFAULT: ADD COLUMN carrier text NOT NULL").contains("fix: ").contains("add it nullable");
        });
        assertThat(check("ALTER TABLE orders ADD COLUMN carrier text NOT NULL DEFAULT 'tcc';")).isEmpty();
        assertThat(check("ALTER TABLE api.orders ADD COLUMN seq bigint NOT NULL GENERATED ALWAYS AS IDENTITY;")).isEmpty();
        assertThat(check("ALTER TABLE orders ADD COLUMN carrier text;")).isEmpty();
    }

    @Test
    void setNotNullIsRefusedUnlessMarkedAsAContractStep() {
        assertThat(check("ALTER TABLE orders ALTER COLUMN note SET NOT NULL;")).singleElement()
                .satisfies(v -> assertThat(v.rule()).isEqualTo(Rule.SET_NOT_NULL))
                .satisfies(v -> assertThat(v.what()).isEqualTo("SET NOT NULL on orders.note"));
        assertThat(check("""
                -- contract: every writer fills note since 0.3.0
                ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
                """)).isEmpty();
        // A marker with no reason is no marker.
        assertThat(check("""
                -- contract:
                ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
                """)).hasSize(1);
    }

    @Test
    void anIndexOnAnExistingTableMustBeBuiltConcurrentlyOutsideATransaction() {
        assertThat(check("CREATE INDEX orders_note_idx ON orders (note);")).singleElement()
                .satisfies(v -> assertThat(v.rule()).isEqualTo(Rule.INDEX_NOT_CONCURRENT))
                .satisfies(v -> assertThat(v.what()).isEqualTo("index orders_note_idx on orders built without CONCURRENTLY"));
        assertThat(check("CREATE UNIQUE INDEX IF NOT EXISTS orders_note_idx ON ONLY api.orders (note);")).hasSize(1);
        assertThat(check("ALTER TABLE orders ADD COLUMN ref text UNIQUE;")).singleElement()
                .satisfies(v -> assertThat(v.rule()).isEqualTo(Rule.INDEX_NOT_CONCURRENT));
        assertThat(check("ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE (note);")).hasSize(1);

        String concurrently = "CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);";
        assertThat(check(concurrently)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.CONCURRENTLY_IN_TRANSACTION);
            assertThat(v.toString()).contains("no V2__change.sql.conf with executeInTransaction=false");
        });
        assertThat(check(concurrently, "executeInTransaction=false\n")).isEmpty();
        assertThat(check("ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE USING INDEX orders_note_idx;")).isEmpty();
    }

    @Test
    void contractStepsNeedAMarker() {
        assertThat(check("ALTER TABLE orders DROP COLUMN note;")).extracting(Violation::what).containsExactly("DROP COLUMN orders.note");
        assertThat(check("ALTER TABLE orders DROP note;")).extracting(Violation::what).containsExactly("DROP COLUMN orders.note");
        assertThat(check("ALTER TABLE orders RENAME COLUMN note TO remark;")).extracting(Violation::what)
                .containsExactly("RENAME COLUMN orders.note TO remark");
        assertThat(check("ALTER TABLE orders RENAME TO purchase;")).extracting(Violation::what)
                .containsExactly("RENAME TABLE orders TO purchase");
        assertThat(check("ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);")).extracting(Violation::what)
                .containsExactly("TYPE of orders.note changed");
        assertThat(check("ALTER TABLE orders ALTER note SET DATA TYPE varchar(200);")).hasSize(1);
        assertThat(check("DROP TABLE IF EXISTS orders CASCADE;")).extracting(Violation::what).containsExactly("DROP TABLE orders");
        assertThat(check("ALTER TABLE orders DROP COLUMN note;")).allSatisfy(v -> assertThat(v.rule()).isEqualTo(Rule.CONTRACT_STEP));

        assertThat(check("""
                -- contract: note was replaced by remark in 0.3.0, old writers stopped writing it in 0.3.0
                ALTER TABLE orders DROP COLUMN note;
                """)).isEmpty();
        // The marker covers its own statement only.
        assertThat(check("""
                -- contract: note was replaced by remark in 0.3.0, old writers stopped writing it in 0.3.0
                ALTER TABLE orders DROP COLUMN note;
                ALTER TABLE orders DROP COLUMN status;
                """)).extracting(Violation::what).containsExactly("DROP COLUMN orders.status");
        // A marker does not allow what no release can run beside.
        assertThat(check("""
                -- contract: reason
                ALTER TABLE orders ADD COLUMN carrier text NOT NULL;
                """)).hasSize(1);
    }

    @Test
    void whatIsSafeOrConcernsANewTablePasses() {
        assertThat(check("""
                CREATE TABLE shipment (id uuid PRIMARY KEY, order_id uuid NOT NULL REFERENCES orders (id));
                CREATE INDEX shipment_order_idx ON shipment (order_id);
                ALTER TABLE shipment ADD COLUMN carrier text NOT NULL, ALTER COLUMN order_id SET NOT NULL;
                ALTER TABLE orders
                    ALTER COLUMN status DROP NOT NULL,
                    ALTER COLUMN note SET DEFAULT 'none',
                    DROP CONSTRAINT orders_status_check,
                    ADD CONSTRAINT orders_status_check CHECK (status IN ('CREATED', 'BOOKED')),
                    RENAME CONSTRAINT orders_status_check TO orders_status_ok;
                COMMENT ON COLUMN orders.note IS 'DROP COLUMN note; ALTER TABLE orders RENAME TO x';
                /* ALTER TABLE orders DROP COLUMN status; */
                UPDATE orders SET note = $$ALTER TABLE orders DROP COLUMN note;$$ WHERE note IS NULL;
                """)).isEmpty();
    }

    @Test
    void aTableCountsAsExistingFromTheNextScriptOnly() {
        List<Migration> migrations = List.of(ORDERS,
                new Migration("V2__a.sql", "CREATE TABLE note (id int); CREATE INDEX note_idx ON note (id);", null),
                new Migration("V10__b.sql", "CREATE INDEX note_id2_idx ON note (id);", null));
        assertThat(MigrationRules.check(migrations)).extracting(Violation::file).containsExactly("V10__b.sql");
    }
}
