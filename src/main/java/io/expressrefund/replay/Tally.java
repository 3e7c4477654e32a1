package io.expressrefund.replay;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.expressrefund.decision.Reason;

/** Adds up replayed decisions into a {@link ReplaySummary}; its size grows with shops, reasons and rules, not rows. */
final class Tally {
    private static final int SHOPS_LISTED = 100;
    private static final BigDecimal YUAN_ZERO = BigDecimal.ZERO.setScale(2);

    private static final class Counts {
        long count;
        BigDecimal amount = YUAN_ZERO;
    }

    private static final class ShopCounts {
        long changed;
        long newlyAutomatic;
        long noLongerAutomatic;
        BigDecimal amountNewlyAutomatic = YUAN_ZERO;
        BigDecimal amountNoLongerAutomatic = YUAN_ZERO;
    }

    private long replayed;
    private long changed;
    private long withoutSnapshot;
    private final Map<List<ReplaySummary.OutcomePath>, Counts> transitions = new HashMap<>();
    private final Map<String, ShopCounts> shops = new HashMap<>();
    private final Map<String, long[]> reasons = new TreeMap<>();
    private final Map<String, long[]> rules = new TreeMap<>();

    void add(Replayer.Result result) {
        replayed++;
        if (result.withoutSnapshot()) {
            withoutSnapshot++;
        }
        BigDecimal amount = result.row().refundAmount().setScale(2, java.math.RoundingMode.UNNECESSARY);
        Side before = result.before();
        Side after = result.after();
        Counts transition = transitions.computeIfAbsent(List.of(new ReplaySummary.OutcomePath(before.outcome(), before.path()),
                new ReplaySummary.OutcomePath(after.outcome(), after.path())), key -> new Counts());
        transition.count++;
        transition.amount = transition.amount.add(amount);
        if (result.changed()) {
            changed++;
            ShopCounts shop = shops.computeIfAbsent(result.row().shopId(), id -> new ShopCounts());
            shop.changed++;
            if (after.automatic() && !before.automatic()) {
                shop.newlyAutomatic++;
                shop.amountNewlyAutomatic = shop.amountNewlyAutomatic.add(amount);
            } else if (before.automatic() && !after.automatic()) {
                shop.noLongerAutomatic++;
                shop.amountNoLongerAutomatic = shop.amountNoLongerAutomatic.add(amount);
            }
        }
        for (Reason reason : before.reasons()) {
            reasons.computeIfAbsent(reason.code(), code -> new long[2])[0]++;
        }
        for (Reason reason : after.reasons()) {
            reasons.computeIfAbsent(reason.code(), code -> new long[2])[1]++;
        }
        for (String rule : before.firedRules()) {
            rules.computeIfAbsent(rule, name -> new long[2])[0]++;
        }
        for (String rule : after.firedRules()) {
            rules.computeIfAbsent(rule, name -> new long[2])[1]++;
        }
    }

    ReplaySummary summary() {
        List<ReplaySummary.Transition> byTransition = transitions.entrySet().stream()
                .map(entry -> new ReplaySummary.Transition(entry.getKey().get(0), entry.getKey().get(1),
                        entry.getValue().count, entry.getValue().amount))
                .sorted(Comparator.comparingLong(ReplaySummary.Transition::count).reversed()
                        .thenComparing(transition -> transition.from().toString() + transition.to()))
                .toList();
        List<ReplaySummary.ShopImpact> byShop = shops.entrySet().stream()
                .map(entry -> new ReplaySummary.ShopImpact(entry.getKey(), entry.getValue().changed,
                        entry.getValue().newlyAutomatic, entry.getValue().noLongerAutomatic,
                        entry.getValue().amountNewlyAutomatic, entry.getValue().amountNoLongerAutomatic))
                .sorted(Comparator.comparingLong(ReplaySummary.ShopImpact::changed).reversed()
                        .thenComparing(shop -> shop.amountNewlyAutomatic().add(shop.amountNoLongerAutomatic()),
                                Comparator.reverseOrder())
                        .thenComparing(ReplaySummary.ShopImpact::shopId))
                .limit(SHOPS_LISTED)
                .toList();
        return new ReplaySummary(replayed, changed, withoutSnapshot, byTransition, byShop, shops.size(),
                reasons.entrySet().stream().map(entry -> new ReplaySummary.ReasonCount(entry.getKey(),
                        entry.getValue()[0], entry.getValue()[1])).toList(),
                rules.entrySet().stream().map(entry -> new ReplaySummary.RuleCount(entry.getKey(),
                        entry.getValue()[0], entry.getValue()[1])).toList());
    }
}
