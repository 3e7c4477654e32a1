package io.expressrefund.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.RefundType;
import io.expressrefund.rules.facts.ShippingStatus;
import io.expressrefund.rules.facts.ShopStrategy;

/**
 * The requests the benchmarks decide: a fixed mix of 16 that walks every rule of the shipped set (half are
 * refunded at once, as most requests are), and random ones for checking that two evaluators agree.
 */
public final class Requests {
    /** One request with the facts beside it (the shop's strategy, when it has one). */
    public record Request(RefundCase refundCase, List<Object> context) {
        /**
         * The same request with its facts made anew, as the service makes them from each request it is posted
         * ({@code RefundRequest.toFact}, {@code StrategyFacts.of}): new objects, whose identity hashes the engine
         * makes when it first stores them, as it does for every request the service decides.
         */
        public Request madeAnew() {
            RefundCase c = refundCase;
            RefundCase fact = new RefundCase(c.refundId(), c.orderId(), c.shopId(), c.refundType(), c.refundAmount(),
                    c.paidAmount(), c.paidAt(), c.requestedAt(), c.shippingStatus(), c.virtualGoods(), c.serviceTags(),
                    c.expressRefundEnabled());
            if (context.isEmpty()) {
                return new Request(fact, List.of());
            }
            ShopStrategy s = (ShopStrategy) context.get(0);
            return new Request(fact, List.of(new ShopStrategy(s.enabled(), s.maxRefundAmount(), s.dailyLimit(),
                    s.dailyAmountLimit(), s.usedCountToday(), s.usedAmountToday())));
        }
    }

    private static final Instant NOW = Instant.parse("2025-11-21T03:17:45Z");
    private static final Instant UPGRADE = Instant.parse("2023-09-12T16:00:00Z");
    private static final Set<String> TAGGED = Set.of("EXPRESS_REFUND");

    private Requests() {
    }

    /** The benchmark mix: 8 approvals (6 by express refund, 2 by a strategy) and 8 manual reviews. */
    public static List<Request> mix() {
        List<Request> mix = new ArrayList<>();
        // Refunded at once by express refund.
        mix.add(of(request("120.50", "120.50", ShippingStatus.UNSHIPPED, false, TAGGED, true, RefundType.REFUND_ONLY), null));
        mix.add(of(request("300.00", "300.00", ShippingStatus.UNSHIPPED, false, TAGGED, true, RefundType.REFUND_ONLY), null));
        mix.add(of(request("20.00", "99.90", ShippingStatus.UNSHIPPED, false, Set.of("EXPRESS_REFUND", "FREE_SHIPPING"), true,
                RefundType.REFUND_ONLY), null));
        mix.add(of(request("120.50", "120.50", ShippingStatus.UNSHIPPED, false, TAGGED, true, RefundType.REFUND_ONLY),
                strategy(true, "500.00", 10, "5000.00", 3, "800.00")));
        mix.add(of(oldOrder(Duration.ofHours(6)), null));
        // Refunded at once by the shop's strategy (over 300 yuan).
        mix.add(of(request("450.00", "450.00", ShippingStatus.UNSHIPPED, false, TAGGED, true, RefundType.REFUND_ONLY),
                strategy(true, "500.00", 10, "5000.00", 3, "800.00")));
        mix.add(of(request("1200.00", "1500.00", ShippingStatus.UNSHIPPED, false, TAGGED, true, RefundType.REFUND_ONLY),
                strategy(true, "2000.00", null, null, 0, "0")));
        mix.add(of(request("50.00", "50.00", ShippingStatus.UNSHIPPED, false, TAGGED, true, RefundType.REFUND_ONLY), null));
        // Manual review: one condition unmet each, then several at once.
        mix.add(of(request("120.50", "120.50", ShippingStatus.UNSHIPPED, false, TAGGED, false, RefundType.REFUND_ONLY), null));
        mix.add(of(request("120.50", "120.50", ShippingStatus.UNSHIPPED, false, Set.of(), true, RefundType.REFUND_ONLY), null));
        mix.add(of(request("120.50", "120.50", ShippingStatus.SHIPPED, false, TAGGED, true, RefundType.REFUND_ONLY), null));
        mix.add(of(request("120.50", "120.50", ShippingStatus.UNSHIPPED, false, TAGGED, true, RefundType.RETURN_AND_REFUND),
                strategy(true, "500.00", 10, "5000.00", 3, "800.00")));
        mix.add(of(request("120.50", "500.00", ShippingStatus.DELIVERED, true, TAGGED, false, RefundType.REFUND_ONLY), null));
        mix.add(of(oldOrder(Duration.ofHours(6).plusSeconds(1)), null));
        mix.add(of(request("450.00", "450.00", ShippingStatus.UNSHIPPED, false, TAGGED, true, RefundType.REFUND_ONLY),
                strategy(true, "500.00", null, "5000.00", 0, "4800.00")));
        mix.add(of(request("600.00", "600.00", ShippingStatus.SHIPPED, false, TAGGED, true, RefundType.RETURN_AND_REFUND),
                strategy(false, "500.00", 10, null, 10, "0")));
        return List.copyOf(mix);
    }

    /** Random requests over every field the rules read, a third with a strategy, for agreement checks. */
    public static List<Request> random(long seed, int count) {
        Random random = new Random(seed);
        List<Request> requests = new ArrayList<>(count);
        String[] amounts = { "0.01", "120.50", "299.99", "300.00", "300.01", "450.00", "999.99", "5000.00" };
        for (int i = 0; i < count; i++) {
            BigDecimal paid = new BigDecimal(amounts[random.nextInt(amounts.length)]);
            BigDecimal refund = random.nextBoolean() ? paid : paid.divide(BigDecimal.valueOf(2 + random.nextInt(3)), 2,
                    java.math.RoundingMode.DOWN).max(new BigDecimal("0.01"));
            Instant paidAt = random.nextInt(4) == 0 ? UPGRADE.minusSeconds(random.nextInt(3) * 3600L) : NOW.minusSeconds(
                    random.nextInt(20_000));
            Duration waited = Duration.ofMinutes(random.nextInt(3) == 0 ? 360 + random.nextInt(3) - 1 : random.nextInt(600));
            Set<String> tags = switch (random.nextInt(4)) {
                case 0 -> Set.of();
                case 1 -> Set.of("EXPRESS_REFUND", "FREE_SHIPPING");
                default -> TAGGED;
            };
            RefundCase refundCase = new RefundCase("RF-" + i, "O-" + i, "S-" + random.nextInt(5),
                    random.nextInt(5) == 0 ? RefundType.RETURN_AND_REFUND : RefundType.REFUND_ONLY, refund, paid, paidAt,
                    paidAt.plus(waited), ShippingStatus.values()[random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0],
                    random.nextInt(6) == 0, tags, random.nextInt(5) != 0);
            ShopStrategy shopStrategy = null;
            if (random.nextInt(3) == 0) {
                String[] caps = { "100.00", "450.00", "1000.00", "6000.00" };
                Integer dailyLimit = random.nextBoolean() ? null : 1 + random.nextInt(5);
                String dailyAmount = random.nextBoolean() ? null : caps[random.nextInt(caps.length)];
                shopStrategy = strategy(random.nextInt(5) != 0, caps[random.nextInt(caps.length)], dailyLimit, dailyAmount,
                        random.nextInt(6), amounts[random.nextInt(4)]);
            }
            requests.add(of(refundCase, shopStrategy));
        }
        return requests;
    }

    private static Request of(RefundCase refundCase, ShopStrategy strategy) {
        return new Request(refundCase, strategy == null ? List.of() : List.of(strategy));
    }

    private static RefundCase request(String refund, String paid, ShippingStatus status, boolean virtualGoods,
            Set<String> tags, boolean enabled, RefundType type) {
        Instant paidAt = NOW.minus(Duration.ofMinutes(137));
        return new RefundCase("RF-1001", "O-1", "S-1", type, new BigDecimal(refund), new BigDecimal(paid), paidAt, NOW,
                status, virtualGoods, tags, enabled);
    }

    private static RefundCase oldOrder(Duration waited) {
        Instant paidAt = UPGRADE.minusSeconds(3600);
        return new RefundCase("RF-1002", "O-2", "S-1", RefundType.REFUND_ONLY, new BigDecimal("88.00"),
                new BigDecimal("88.00"), paidAt, paidAt.plus(waited), ShippingStatus.UNSHIPPED, false, TAGGED, true);
    }

    private static ShopStrategy strategy(boolean enabled, String cap, Integer dailyLimit, String dailyAmountLimit,
            int usedCount, String usedAmount) {
        return new ShopStrategy(enabled, new BigDecimal(cap), dailyLimit,
                dailyAmountLimit == null ? null : new BigDecimal(dailyAmountLimit), usedCount, new BigDecimal(usedAmount));
    }
}
