package com.litper.analytics;

import com.litper.analytics.facts.FactJobs;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/** KPIs per carrier and store from the read replicas, and report files. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnalyticsApplication {

    /** The argument that turns the jar into the one-shot rebuild of facts and rollups (docs/analytics.md). */
    public static final String REBUILD = "--litper.analytics.rebuild";

    public static void main(String[] args) {
        if (Arrays.asList(args).contains(REBUILD)) {
            System.exit(rebuild(args));
        }
        SpringApplication.run(AnalyticsApplication.class, args);
    }

    /**
     * Migrates the schema, rebuilds every fact and rollup from the events in one transaction and
     * returns the exit code; no web server and no scheduled jobs. Safe beside running replicas: their
     * jobs wait for the rebuild's lock.
     */
    static int rebuild(String[] args) {
        SpringApplication application = new SpringApplication(AnalyticsApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] arguments = Stream.concat(Arrays.stream(args), Stream.of("--litper.analytics.facts.enabled=false")).toArray(String[]::new);
        try (ConfigurableApplicationContext context = application.run(arguments)) {
            FactJobs.Run run = context.getBean(FactJobs.class).rebuild();
            System.out.println("analytics rebuild: " + run.orders() + " order(s) recomputed");
            return 0;
        }
    }
}
