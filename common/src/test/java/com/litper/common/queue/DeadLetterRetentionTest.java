package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.autoconfigure.DeadLetterProperties;
import com.litper.common.queue.autoconfigure.DeadLetterTrimmer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Dead letters have a retention: beyond a queue's count or age the oldest are deleted, task, error and all. */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterRetentionTest extends QueueTestSupport {

    /** Dead-letters {@code count} tasks, one per simulated hour (the queue's clock moves, nobody sleeps); returns their ids, oldest first. */
    private List<String> deadLetters(int count) {
        startWorker(fastSettings(), TaskHandler.of("send_whatsapp", task -> {
            throw new PermanentTaskFailure("number not on WhatsApp");
        }));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(queue.enqueue("send_whatsapp", "{\"n\":" + i + "}", TaskPriority.HIGH));
            int expected = i + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetterCount(queueName) == expected);
            clock.advance(Duration.ofHours(1));
        }
        return ids;
    }

    private List<String> deadLetterIds() {
        return queue.deadLetters(queueName, 0, 100).stream().map(letter -> letter.task().id()).toList();
    }

    /** Entries of the dead-letter hashes: a trimmed dead letter leaves neither its task nor its error behind. */
    private long hashEntries() throws InterruptedException, ExecutionException, TimeoutException {
        QueueKeys keys = new QueueKeys(queueName);
        return redis.commands().hlen(keys.deadTasks()).get(5, TimeUnit.SECONDS) + redis.commands().hlen(keys.deadErrors()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void beyondTheLargestCountTheOldestAreDeleted() throws Exception {
        List<String> ids = deadLetters(5);

        DeadLetterRetention.Trimmed trimmed = queue.trimDeadLetters(queueName, new DeadLetterRetention(3, Duration.ofDays(14)));

        assertThat(trimmed).isEqualTo(new DeadLetterRetention.Trimmed(0, 2));
        assertThat(deadLetterIds()).containsExactlyElementsOf(ids.subList(2, 5));
        assertThat(hashEntries()).isEqualTo(6);
        assertThat(queue.trimDeadLetters(queueName, new DeadLetterRetention(3, Duration.ofDays(14))).total()).isZero();
    }

    @Test
    void olderThanTheLargestAgeTheyAreDeleted() throws Exception {
        List<String> ids = deadLetters(4);
        // The dead letters are 4, 3, 2 and 1 hours old now.

        DeadLetterRetention.Trimmed trimmed = queue.trimDeadLetters(queueName, new DeadLetterRetention(100, Duration.ofMinutes(150)));

        assertThat(trimmed).isEqualTo(new DeadLetterRetention.Trimmed(2, 0));
        assertThat(deadLetterIds()).containsExactlyElementsOf(ids.subList(2, 4));
        assertThat(hashEntries()).isEqualTo(4);
        // A day later nothing is left; the queue is as if it never had dead letters.
        clock.advance(Duration.ofDays(1));
        assertThat(queue.trimDeadLetters(queueName, new DeadLetterRetention(100, Duration.ofMinutes(150))).tooOld()).isEqualTo(2);
        assertThat(queueIsEmpty()).isTrue();
        assertThat(hashEntries()).isZero();
    }

    @Test
    void theTrimmerAppliesEachQueuesOwnRetentionLogsAndCountsWhatItDeletes(CapturedOutput output) {
        deadLetters(3);
        DeadLetterProperties properties = new DeadLetterProperties(100, Duration.ofDays(14), Duration.ofMinutes(1),
                Map.of(queueName, new DeadLetterProperties.Queue(1L, null)));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeadLetterTrimmer trimmer = new DeadLetterTrimmer(queue, List.of(queueName), properties, null, meters);

        assertThat(trimmer.trim()).isEqualTo(2);

        assertThat(queue.deadLetterCount(queueName)).isEqualTo(1);
        assertThat(meters.counter("litper.queue.dead.letters.dropped", "queue", queueName).count()).isEqualTo(2.0);
        assertThat(output.getOut()).contains("Deleted 2 dead letters of queue " + queueName + " beyond its retention");
    }

    @Test
    void theRetentionIsConfiguredPerQueue() {
        Map<String, String> settings = Map.of(
                "litper.queue.dead-letters.max-count", "500",
                "litper.queue.dead-letters.max-age", "3d",
                "litper.queue.dead-letters.queues.worker.max-count", "50000",
                "litper.queue.dead-letters.queues.chat.max-age", "12h");
        DeadLetterProperties properties = new Binder(new MapConfigurationPropertySource(settings))
                .bind("litper.queue.dead-letters", DeadLetterProperties.class).get();

        assertThat(properties.retentionOf("worker")).isEqualTo(new DeadLetterRetention(50_000, Duration.ofDays(3)));
        assertThat(properties.retentionOf("chat")).isEqualTo(new DeadLetterRetention(500, Duration.ofHours(12)));
        assertThat(properties.retentionOf("tracking")).isEqualTo(new DeadLetterRetention(500, Duration.ofDays(3)));
        DeadLetterProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of("litper.queue.dead-letters.trim-interval", "1m")))
                .bind("litper.queue.dead-letters", DeadLetterProperties.class).get();
        assertThat(defaults.retentionOf("worker")).isEqualTo(new DeadLetterRetention(10_000, Duration.ofDays(14)));
    }
}
