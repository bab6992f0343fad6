package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A service with one task type, {@code ship}: a payload with "fail" fails, one with "slow" runs for a minute. */
@SpringBootApplication
public class QueueTestApplication {

    /** Tasks the handler finished, in order. */
    public static final List<Task> SHIPPED = new CopyOnWriteArrayList<>();
    /** Tasks the handler started, in order. */
    public static final List<Task> STARTED = new CopyOnWriteArrayList<>();

    @Bean
    TaskHandler shipHandler() {
        return TaskHandler.of("ship", task -> {
            STARTED.add(task);
            if (task.payload().contains("fail")) {
                throw new IllegalStateException("carrier refused the booking");
            }
            if (task.payload().contains("slow")) {
                Thread.sleep(60_000);
            }
            SHIPPED.add(task);
        });
    }
}
