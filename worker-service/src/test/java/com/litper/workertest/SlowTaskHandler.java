package com.litper.workertest;

import com.litper.common.queue.TaskHandler;
import org.springframework.context.annotation.Bean;

/**
 * An extra source for a worker-service process in a test ({@code --spring.main.sources}): a
 * {@code slow_report} handler that works for a minute, so a SIGTERM finds it in flight. Kept outside
 * the application's packages so no other test context picks it up.
 */
public class SlowTaskHandler {

    @Bean
    TaskHandler slowReportHandler() {
        return TaskHandler.of("slow_report", task -> Thread.sleep(60_000));
    }
}
