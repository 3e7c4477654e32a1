package io.expressrefund.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.expressrefund.platform.Dialect;

/** The index a printed plan reads, in each form the two databases print it. */
class QueryPlanTest {

    @Test
    void h2NamesTheIndexInACommentAfterTheTable() {
        QueryPlan plan = new QueryPlan(Dialect.H2, """
                SELECT COUNT(*) FROM "PUBLIC"."REFUND_DECISION" /* PUBLIC.REFUND_DECISION_IN_ORDER: DECIDED_AT >= ?1 */
                """);
        assertEquals("refund_decision_in_order", plan.index());
    }

    @Test
    void postgresqlNamesItAfterUsing() {
        QueryPlan plan = new QueryPlan(Dialect.POSTGRESQL, """
                Aggregate  (cost=4.30..4.31 rows=1 width=8)
                  ->  Index Only Scan using refund_decision_in_order on refund_decision  (cost=0.15..4.29 rows=2 width=0)
                """);
        assertEquals("refund_decision_in_order", plan.index());
    }

    @Test
    void postgresqlNamesItAfterBitmapIndexScanWhenItGathersTheMatchesFirst() {
        QueryPlan plan = new QueryPlan(Dialect.POSTGRESQL, """
                Aggregate  (cost=28.40..28.41 rows=1 width=8)
                  ->  Bitmap Heap Scan on refund_decision  (cost=20.98..28.39 rows=2 width=0)
                        Recheck Cond: ((decided_at >= '2026-10-31 23:55:00+00'::timestamp with time zone))
                        ->  Bitmap Index Scan on refund_decision_in_order  (cost=0.00..20.98 rows=2 width=0)
                              Index Cond: ((decided_at >= '2026-10-31 23:55:00+00'::timestamp with time zone))
                """);
        assertEquals("refund_decision_in_order", plan.index());
    }

    @Test
    void aWholeTableScanReadsNoIndex() {
        assertNull(new QueryPlan(Dialect.POSTGRESQL, "Seq Scan on refund_decision  (cost=0.00..1.01 rows=1)\n").index());
    }
}
