package com.litper.common.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a {@code @Transactional(readOnly = true)} method once more when its connection broke (a
 * replica died under it): the read pool is renewed first, so the retry gets a new connection,
 * to another replica or (when none answers) the primary. Only the outermost read-only transaction retries, and
 * only reads, since a read has no effect to repeat. Ordered outside Spring's transaction advice
 * so the retry gets a new transaction.
 */
public class ReadOnlyRetryAdvisor extends StaticMethodMatcherPointcutAdvisor {

    private static final Logger log = LoggerFactory.getLogger(ReadOnlyRetryAdvisor.class);

    private final ObjectProvider<MeterRegistry> meters;
    private final ObjectProvider<ReplicaMonitor> replicas;
    private volatile Counter retries;

    // Beans are looked up on first use: advisors are created before most beans exist.
    public ReadOnlyRetryAdvisor(ObjectProvider<MeterRegistry> meters, ObjectProvider<ReplicaMonitor> replicas) {
        this.meters = meters;
        this.replicas = replicas;
        setAdvice((MethodInterceptor) this::invoke);
        // Transaction advice runs at LOWEST_PRECEDENCE; a smaller order wraps it.
        setOrder(Ordered.LOWEST_PRECEDENCE - 10);
    }

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        Transactional tx = AnnotatedElementUtils.findMergedAnnotation(specific, Transactional.class);
        if (tx == null) {
            tx = AnnotatedElementUtils.findMergedAnnotation(targetClass, Transactional.class);
        }
        return tx != null && tx.readOnly();
    }

    private Counter retries() {
        if (retries == null) {
            retries = Counter.builder(RoutingMetrics.READ_RETRIES)
                    .description("Read-only transactions retried after a broken connection")
                    .register(meters.getIfAvailable(() -> io.micrometer.core.instrument.Metrics.globalRegistry));
        }
        return retries;
    }

    private Object invoke(MethodInvocation invocation) throws Throwable {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return invocation.proceed();
        }
        // Cloned before proceeding: the clone replays the rest of the advice chain from here.
        MethodInvocation retry = ((ProxyMethodInvocation) invocation).invocableClone();
        try {
            return invocation.proceed();
        } catch (RuntimeException e) {
            if (!DatabaseFailures.isConnectionFailure(e)) {
                throw e;
            }
            retries().increment();
            replicas.ifAvailable(ReplicaMonitor::connectionBroke);
            log.info("Read-only transaction {} lost its connection ({}); retrying once on another",
                    invocation.getMethod().getName(), e.getClass().getSimpleName());
            return retry.proceed();
        }
    }
}
