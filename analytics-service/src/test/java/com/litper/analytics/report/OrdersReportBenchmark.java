package com.litper.analytics.report;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Prints how long the ORDERS report takes and how much heap it peaks at for a store with many
 * orders, in CSV and XLSX. A benchmark, not a test: its name keeps it out of the test run (it asserts
 * nothing). Run it with a small heap to see that the report streams:
 * {@code ./mvnw -q -pl analytics-service -am verify -Dtest=OrdersReportBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -DargLine=-Xmx256m -Dbench.orders=300000}, then read its lines in
 * {@code analytics-service/target/surefire-reports/com.litper.analytics.report.OrdersReportBenchmark-output.txt}.
 */
class OrdersReportBenchmark extends ReportTestSupport {

    @Autowired
    OrdersReport orders;

    @Test
    void ordersReportOfManyOrders() throws Exception {
        int count = Integer.getInteger("bench.orders", 100_000);
        UUID store = UUID.randomUUID();
        LocalDate from = LocalDate.parse("2025-01-01");
        jdbc.sql("""
                INSERT INTO analytics.shipment_fact (order_id, store_id, day, carrier, tracking_number, origin_department,
                    destination_department, cash_on_delivery, freight, placed_at, booked_at, promised_date, delivered_at, novedades,
                    status, transit_business_days, on_time)
                SELECT gen_random_uuid(), :store, :from + (i % 365), 'coordinadora', 'CO' || i, '11', '05', 50000 + i, 9000,
                    (:from + (i % 365))::timestamptz + interval '10 hours', (:from + (i % 365))::timestamptz + interval '12 hours',
                    :from + (i % 365) + 3, (:from + (i % 365))::timestamptz + interval '60 hours', i % 3, 'DELIVERED', 2, i % 5 <> 0
                FROM generate_series(1, :count) AS i""").param("store", store).param("from", from).param("count", count).update();
        for (ReportFormat format : new ReportFormat[] {ReportFormat.CSV, ReportFormat.XLSX}) {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            CountingStream out = new CountingStream();
            long start = System.nanoTime();
            orders.write(new ReportSpec(UUID.randomUUID(), store, "ORDERS", format, from, from.plusDays(364)), out);
            long millis = (System.nanoTime() - start) / 1_000_000;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("BENCH orders report: %d orders as %s in %d ms, %.1f MB written, heap peak %d MB (max heap %d MB)%n", count,
                    format, millis, out.bytes / 1e6, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
