package com.litper.common.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * Tells a database that is down or too slow (worth a 503 and a retry) from a bug (a 500). Looks at
 * the whole cause chain, since JPA, Hibernate and Spring each wrap the driver's exception.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** The database could not be reached, refused the connection, or cancelled a slow statement. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof QueryTimeoutException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && isUnavailableState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A statement was cancelled for taking too long (statement_timeout, a query timeout) or refused
     * because its transaction's time was up.
     */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof QueryTimeoutException || t instanceof TransactionTimedOutException || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A connection broke or could not be made: a new attempt on another connection may succeed. */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    // 08: connection exceptions; 57014: statement cancelled (statement_timeout); 57P01-57P03:
    // server shutting down or not yet accepting connections; 53300: too many connections.
    private static boolean isUnavailableState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57014") || state.startsWith("57P") || state.equals("53300"));
    }
}
