package io.expressrefund.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void aJdbcUrlTellsTheDatabaseWithoutConnecting() {
        assertEquals(Dialect.POSTGRESQL, Dialect.ofJdbcUrl("jdbc:postgresql://127.0.0.1:5432/express_refund"));
        assertEquals(Dialect.POSTGRESQL, Dialect.ofJdbcUrl("jdbc:otel:postgresql://db:5432/express_refund"));
        assertEquals(Dialect.H2, Dialect.ofJdbcUrl("jdbc:h2:file:./data/express-refund;MODE=PostgreSQL"));
        assertEquals(Dialect.H2, Dialect.ofJdbcUrl(null));
    }
}
