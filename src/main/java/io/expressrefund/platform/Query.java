package io.expressrefund.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** A statement built at run time with its values, in the order of its {@code ?}. */
public record Query(String sql, List<Object> values) {
    public Query {
        values = List.copyOf(values);
    }

    public PreparedStatement prepare(Connection connection) throws SQLException {
        return prepare(connection, "");
    }

    /** Prepared with {@code prefix} before it ({@code "EXPLAIN "}, for a test of its plan). */
    public PreparedStatement prepare(Connection connection, String prefix) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(prefix + sql);
        try {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
