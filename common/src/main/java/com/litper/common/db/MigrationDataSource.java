package com.litper.common.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The DataSource Flyway migrates through: the service's own pool, whose connections carry the
 * specification's 10 s {@code statement_timeout}, with that limit lifted while Flyway holds a
 * connection. A migration may rightly run longer (an index on a large table, a backfill), and
 * cancelling it half way would stop the service from starting. The limit is restored ({@code RESET},
 * back to the connection's start-up value) before the connection returns to the pool, so requests
 * never get a connection without it.
 *
 * <p>Why not a migration's own {@code SET LOCAL statement_timeout = 0}: it is easy to forget and does
 * nothing in a migration Flyway runs outside a transaction; nor {@code spring.flyway.init-sqls}: its
 * {@code SET} would stay on the pooled connection after Flyway returned it.
 */
public final class MigrationDataSource extends DelegatingDataSource {

    public MigrationDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return unbounded(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return unbounded(super.getConnection(username, password));
    }

    private static Connection unbounded(Connection connection) throws SQLException {
        try {
            execute(connection, "SET statement_timeout = 0");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(MigrationDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new RestoreOnClose(connection));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private record RestoreOnClose(Connection target) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                    if (!target.isClosed()) {
                        if (!target.getAutoCommit()) {
                            target.rollback();
                        }
                        execute(target, "RESET statement_timeout");
                    }
                } finally {
                    target.close();
                }
                return null;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
