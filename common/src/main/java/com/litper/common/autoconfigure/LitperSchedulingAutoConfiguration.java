package com.litper.common.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns scheduling on in every Litper service, so that Spring Boot auto-configures its one
 * {@code ThreadPoolTaskScheduler} (bean {@code taskScheduler}, sized by
 * {@code spring.task.scheduling.pool.size} in {@code litper-defaults.properties}). Periodic work
 * of litper-common (leader renewal, queue depth gauges, replica probes) and of the services runs on
 * it instead of on threads of its own; Boot only creates that scheduler where scheduling is
 * enabled, hence this class, ordered before Boot's.
 */
@AutoConfiguration(before = TaskSchedulingAutoConfiguration.class)
@EnableScheduling
public class LitperSchedulingAutoConfiguration {
}
