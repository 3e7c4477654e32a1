package io.expressrefund.decision;

import java.sql.Connection;
import java.sql.SQLException;

/** Told of each decision inside the transaction that records it, so that what it writes commits or fails with it. */
public interface RecordListener {
    void recorded(Connection connection, RecordedDecision decision) throws SQLException;

    /** Told after the decision is committed, for whatever may only be said of committed data. */
    default void committed(RecordedDecision decision) {
    }
}
