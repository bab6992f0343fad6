package com.litper.chat.inbox;

import com.litper.chat.config.InboxProperties;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Opens snoozed conversations when their time comes, every {@code litper.chat.inbox.wake-interval}
 * on every replica (the rows are claimed with {@code SKIP LOCKED}, so replicas share the work rather
 * than repeat it), on the service's one scheduler.
 */
@Component
class SnoozeAlarm implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SnoozeAlarm.class);
    private static final int BATCH = 100;

    private final Conversations conversations;
    private final TaskScheduler scheduler;
    private final InboxProperties properties;
    private volatile ScheduledFuture<?> task;

    SnoozeAlarm(Conversations conversations, TaskScheduler scheduler, InboxProperties properties) {
        this.conversations = conversations;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    /** Wakes every due conversation, a batch per transaction; answers how many. */
    int wakeDue() {
        int total = 0;
        int woken;
        do {
            woken = conversations.wakeSnoozed(BATCH);
            total += woken;
        } while (woken == BATCH);
        return total;
    }

    private void run() {
        try {
            int woken = wakeDue();
            if (woken > 0) {
                log.info("{} snoozed conversations opened again", woken);
            }
        } catch (RuntimeException e) {
            log.warn("Snoozed conversations not woken this round: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        task = scheduler.scheduleWithFixedDelay(this::run, properties.wakeInterval());
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
        }
        task = null;
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}
