package com.litper.common.web;

import java.util.Date;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.ResourceHolderSupport;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Bounds every transaction begun while serving an API request by the request's deadline.
 *
 * <p>Two things, because either alone lets a late transaction commit: the transaction's resources
 * (the JDBC connection, a JPA EntityManager) get the remaining time as their Spring transaction
 * timeout, which cancels a statement still running at the deadline and refuses new statements after
 * it; and a synchronization refuses the commit itself once the deadline has passed (a handler that
 * wrote a row and then waited on something else issues no statement that could time out). An
 * exception from {@code beforeCommit} makes Spring roll the transaction back and rethrow it.
 *
 * <p>Spring Boot adds {@link TransactionExecutionListener} beans to the transaction managers it
 * configures.
 */
public class RequestDeadlineTransactionListener implements TransactionExecutionListener {

    @Override
    public void afterBegin(TransactionExecution transaction, Throwable beginFailure) {
        RequestDeadline deadline = RequestDeadline.current();
        if (deadline == null || beginFailure != null || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        long remainingMillis = deadline.remaining().toMillis();
        Date requestEnds = new Date(System.currentTimeMillis() + remainingMillis);
        for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
            // Only ever shortens a timeout (an explicit @Transactional(timeout) may be shorter).
            if (resource instanceof ResourceHolderSupport holder
                    && (holder.getDeadline() == null || holder.getDeadline().after(requestEnds))) {
                holder.setTimeoutInMillis(remainingMillis);
            }
        }
        TransactionSynchronizationManager.registerSynchronization(new DeadlineSynchronization(deadline));
    }

    private record DeadlineSynchronization(RequestDeadline deadline) implements TransactionSynchronization {

        @Override
        public void beforeCommit(boolean readOnly) {
            if (deadline.hasPassed()) {
                throw new RequestTimeoutException(deadline.timeout());
            }
        }

        @Override
        public void afterCommit() {
            deadline.markCommitted();
        }
    }
}
