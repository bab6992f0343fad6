package com.litper.api;

import java.util.List;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every test class under {@link ApiTestSupport} task queues of its own, named after the
 * class: the default queue that orders' {@code process_order} tasks go to, the one their
 * {@code order_placed} tasks go to, and the {@code api}
 * queue that api-service's worker consumes. Tests share one Redis, so without this a class could
 * take, count or dead-letter another class's tasks. Each class gets its own application context
 * for it (the customizer is part of the context cache key). Registered in
 * {@code META-INF/spring.factories}.
 */
public class QueuePerTestClass implements ContextCustomizerFactory {

    /** The queue api-service's worker consumes while {@code testClass} runs. */
    public static String apiQueue(Class<?> testClass) {
        return "api-" + testClass.getSimpleName();
    }

    /** The queue analytics-service consumes in production, where {@code order_placed} goes while {@code testClass} runs. */
    public static String analyticsQueue(Class<?> testClass) {
        return "analytics-" + testClass.getSimpleName();
    }

    /** The default queue (worker-service's in production) while {@code testClass} runs. */
    public static String workerQueue(Class<?> testClass) {
        return "worker-" + testClass.getSimpleName();
    }

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return ApiTestSupport.class.isAssignableFrom(testClass) ? new OwnQueues(apiQueue(testClass), workerQueue(testClass),
                analyticsQueue(testClass)) : null;
    }

    private record OwnQueues(String api, String worker, String analytics) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            TestPropertyValues.of(
                    "litper.queue.default-queue=" + worker,
                    "litper.queue.routes.process_order=" + worker,
                    "litper.queue.routes.shipment_update=" + api,
                    "litper.queue.routes.order_message=" + api,
                    "litper.queue.routes.order_failed=" + api,
                    "litper.queue.routes.apply_order_action=" + api,
                    "litper.queue.routes.order_placed=" + analytics,
                    "litper.queue.worker.queues=" + api).applyTo(context);
        }
    }
}
