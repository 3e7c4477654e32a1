package io.expressrefund.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;

/**
 * Writes recorded decisions straight into the service's database with batched inserts (not over HTTP), for the
 * replay benchmark: {@code count} requests over {@code days} platform days from {@code FIRST_DAY} (by default the
 * days up to today), in the order the service records them, spread over 1,000 shops of which half have a
 * strategy, each row as the service records it (request JSON, reasons, fired rules, strategy snapshot). The
 * outcomes written are plausible, not decided: the benchmark replays against the rules in service, which decides
 * both sides again.
 *
 * <p>Usage: {@code RecordedTraffic JDBC_URL COUNT DAYS [FIRST_DAY]}
 */
public final class RecordedTraffic {
    private static final ZoneId PLATFORM = ZoneId.of("Asia/Shanghai");
    private static final int SHOPS = 1_000;
    private static final int BATCH = 5_000;

    private RecordedTraffic() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int count = Integer.parseInt(args[1]);
        int days = Integer.parseInt(args[2]);
        Random random = new Random(20_261_128);
        LocalDate firstDay = args.length > 3 ? LocalDate.parse(args[3]) : LocalDate.now(PLATFORM).minusDays(days - 1L);
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO refund_decision (refund_id, shop_id, order_id, outcome, path, refund_amount, requested_at,
                        decided_at, decided_by, rule_set_version, request_fingerprint, request_json, reasons_json,
                        fired_rules_json, strategy_snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < count; i++) {
                    bind(insert, i, count, random, firstDay, days);
                    insert.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
        System.out.printf("wrote %d recorded decisions over %d days in %.1f s%n", count, days,
                (System.nanoTime() - started) / 1e9);
    }

    private static void bind(PreparedStatement insert, int i, int count, Random random, LocalDate firstDay, int days)
            throws Exception {
        int shop = random.nextInt(SHOPS);
        String shopId = "BS-" + shop;
        String refundId = "BR-" + i;
        // Written in the order the service records them, the order a replay reads them in: day after day, and within
        // a day, later rows later in it. (Rows written round the days in turn put each day's neighbours on pages
        // of the other days: a replay then read every page of the table once per day, 7 times in all.)
        long perDay = (count + days - 1L) / days;
        LocalDate day = firstDay.plusDays(i / perDay);
        OffsetDateTime requestedAt = day.atStartOfDay(PLATFORM).plusSeconds(60 + (i % perDay) * 86_000L / perDay)
                .toOffsetDateTime();
        OffsetDateTime paidAt = requestedAt.minusMinutes(30 + random.nextInt(600));
        BigDecimal paid = BigDecimal.valueOf(500 + random.nextInt(80_000), 2);
        BigDecimal refund = random.nextInt(4) == 0 ? paid.divide(BigDecimal.valueOf(2), 2, java.math.RoundingMode.DOWN) : paid;
        boolean tagged = random.nextInt(10) != 0;
        boolean enabled = random.nextInt(10) != 0;
        String shipping = random.nextInt(12) == 0 ? "SHIPPED" : "UNSHIPPED";
        boolean express = tagged && enabled && paid.compareTo(BigDecimal.valueOf(300)) <= 0 && shipping.equals("UNSHIPPED");
        insert.setString(1, refundId);
        insert.setString(2, shopId);
        insert.setString(3, "BO-" + i);
        insert.setString(4, express ? "AUTO_REFUND" : "MANUAL_REVIEW");
        insert.setString(5, express ? "EXPRESS_REFUND" : null);
        insert.setBigDecimal(6, refund);
        insert.setObject(7, requestedAt.withOffsetSameInstant(ZoneOffset.UTC));
        insert.setObject(8, requestedAt.plusNanos(1_000_000L * (1 + random.nextInt(50))).withOffsetSameInstant(ZoneOffset.UTC));
        insert.setString(9, "bench");
        insert.setString(10, "sha256:bench");
        insert.setString(11, Integer.toHexString(i));
        insert.setString(12, """
                {"refundId":"%s","requestedAt":"%s","refundType":"REFUND_ONLY","refundAmount":%s,\
                "order":{"orderId":"BO-%d","paidAmount":%s,"paidAt":"%s","shippingStatus":"%s","virtualGoods":false,\
                "serviceTags":%s},"shop":{"shopId":"%s","expressRefundEnabled":%s},"facts":null}"""
                .formatted(refundId, requestedAt, refund.toPlainString(), i, paid.toPlainString(), paidAt, shipping,
                        tagged ? "[\"EXPRESS_REFUND\"]" : "[]", shopId, enabled));
        insert.setString(13, express ? "[]" : "[{\"code\":\"AMOUNT_OVER_LIMIT\",\"message\":\"over\"}]");
        insert.setString(14, express ? "[\"Refund at once when every express refund condition holds\"]"
                : "[\"Express refund needs a paid amount not over the limit\"]");
        insert.setString(15, shop % 2 == 0
                ? "{\"enabled\":true,\"maxRefundAmount\":500.00,\"dailyLimit\":20,\"dailyAmountLimit\":5000.00,"
                        + "\"usedCountToday\":0,\"usedAmountToday\":0.00}"
                : "null");
    }
}
