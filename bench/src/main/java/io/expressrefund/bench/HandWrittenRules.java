package io.expressrefund.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.RefundType;
import io.expressrefund.rules.facts.ShippingStatus;
import io.expressrefund.rules.facts.ShopStrategy;
import io.expressrefund.rules.facts.Unmet;

/**
 * The shipped rules (rules/express/*.drl and rules/strategy/*.drl) written by hand in plain Java: the floor
 * for this logic. It decides as the DRL does: the same path, the same unmet conditions with the same messages,
 * the same reasons in the same order, the same fired rules. Each package's rules fire in their load order
 * (salience 0 first, the approvals at -100 last), which fixes the reasons' order; where the two packages'
 * rules have the same load order, Drools' agenda heap interleaves them in an order this class does not
 * emulate, so {@link Agreement#decided} compares fired rules as a set. Checked against the DRL on the mix and
 * 20,000 random requests before every benchmark run.
 */
public final class HandWrittenRules {
    // The numbers of express/policy.drl.
    private static final BigDecimal MAX_PAID_AMOUNT = new BigDecimal("300.00");
    private static final Instant UPGRADE_EFFECTIVE_FROM = Instant.parse("2023-09-12T16:00:00Z");
    private static final Duration OLD_RULE_WINDOW = Duration.ofHours(6);

    // Rule names, as the DRL spells them.
    static final String E_WINDOW = "Orders paid before the upgrade need the refund asked within the window after payment";
    static final String E_APPROVAL = "Refund at once when every express refund condition holds";
    static final String E_ENABLED = "Express refund needs a shop that enabled the service";
    static final String E_TAG = "Express refund needs the express refund tag on the product when it was ordered";
    static final String E_AMOUNT = "Express refund needs a paid amount not over the limit";
    static final String E_VIRTUAL = "Express refund excludes virtual goods";
    static final String E_SHIPPED = "Express refund needs an order the platform shows unshipped";
    static final String E_REFUND_ONLY = "Express refund is only for refund-only requests";
    static final String S_DISABLED = "Strategy refunds nothing while the merchant has switched it off";
    static final String S_SHIPPED = "Strategy covers only orders the platform shows unshipped";
    static final String S_REFUND_ONLY = "Strategy covers only refund-only requests";
    static final String S_CAP = "Strategy refunds at most the merchant's cap per order";
    static final String S_DAY_COUNT = "Strategy stops once the day's number of refunds is used up";
    static final String S_DAY_AMOUNT = "Strategy stops when the refund would pass the day's amount limit";
    static final String S_APPROVAL = "Refund automatically by the merchant's strategy when express refund does not apply";

    private HandWrittenRules() {
    }

    public static Evaluation evaluate(RefundCase c, Collection<?> context) {
        ShopStrategy strategy = null;
        for (Object fact : context) {
            if (fact instanceof ShopStrategy found) {
                strategy = found;
            }
        }
        // Slot i holds what the rule of load order i concluded (null: it did not fire), per package.
        Unmet[] express = new Unmet[8];
        Unmet[] custom = new Unmet[6];
        boolean expressUnmet = false;
        if (c.paidAt().compareTo(UPGRADE_EFFECTIVE_FROM) < 0 && c.getTimeSincePayment().compareTo(OLD_RULE_WINDOW) > 0) {
            express[0] = Unmet.expressRefund("REQUEST_WINDOW_EXPIRED", "The order was paid before the express refund upgrade, "
                    + "when the refund had to be asked within " + OLD_RULE_WINDOW.toHours() + " hours of payment.");
        }
        if (!c.expressRefundEnabled()) {
            express[2] = Unmet.expressRefund("EXPRESS_REFUND_NOT_ENABLED", "The shop has not enabled the express refund service.");
        }
        if (!c.hasServiceTag("EXPRESS_REFUND")) {
            express[3] = Unmet.expressRefund("NO_EXPRESS_REFUND_TAG",
                    "The product did not carry the express refund tag when the order was placed.");
        }
        if (c.paidAmount().compareTo(MAX_PAID_AMOUNT) > 0) {
            express[4] = Unmet.expressRefund("AMOUNT_OVER_LIMIT", "The order's paid amount of " + c.paidAmount().toPlainString()
                    + " yuan is over the express refund limit of " + MAX_PAID_AMOUNT.toPlainString() + " yuan.");
        }
        if (c.virtualGoods()) {
            express[5] = Unmet.expressRefund("VIRTUAL_GOODS",
                    "Virtual goods (vouchers, top-ups, services) are never refunded by express refund.");
        }
        if (c.shippingStatus() != ShippingStatus.UNSHIPPED) {
            express[6] = Unmet.expressRefund("ALREADY_SHIPPED",
                    "The order is no longer unshipped on the platform (status " + c.shippingStatus() + ").");
        }
        if (c.refundType() != RefundType.REFUND_ONLY) {
            express[7] = Unmet.expressRefund("NOT_REFUND_ONLY",
                    "Only refund-only requests (no return of goods) can be refunded at once.");
        }
        for (Unmet unmet : express) {
            expressUnmet |= unmet != null;
        }
        boolean customUnmet = false;
        if (strategy != null) {
            if (!strategy.enabled()) {
                custom[0] = Unmet.strategy("STRATEGY_DISABLED", "The shop's automatic refund-only strategy is switched off.");
            }
            if (c.shippingStatus() != ShippingStatus.UNSHIPPED) {
                custom[1] = Unmet.strategy("ALREADY_SHIPPED", "The shop's strategy refunds only orders that are not yet shipped.");
            }
            if (c.refundType() != RefundType.REFUND_ONLY) {
                custom[2] = Unmet.strategy("NOT_REFUND_ONLY", "The shop's strategy refunds only requests without return of goods.");
            }
            if (c.refundAmount().compareTo(strategy.maxRefundAmount()) > 0) {
                custom[3] = Unmet.strategy("OVER_STRATEGY_CAP", "The refund of " + c.refundAmount().toPlainString()
                        + " yuan is over the shop's automatic refund cap of " + strategy.maxRefundAmount().toPlainString() + " yuan.");
            }
            if (strategy.dailyLimit() != null && strategy.usedCountToday() >= strategy.dailyLimit()) {
                custom[4] = Unmet.strategy("DAILY_LIMIT_REACHED",
                        "The shop's strategy has already refunded " + strategy.dailyLimit() + " requests automatically today.");
            }
            if (strategy.dailyAmountLimit() != null
                    && strategy.amountAfter(c.refundAmount()).compareTo(strategy.dailyAmountLimit()) > 0) {
                custom[5] = Unmet.strategy("DAILY_LIMIT_REACHED", "This refund would take the shop's automatic refunds today over "
                        + "its limit of " + strategy.dailyAmountLimit().toPlainString() + " yuan.");
            }
            for (Unmet unmet : custom) {
                customUnmet |= unmet != null;
            }
        }
        List<Unmet> unmet = new ArrayList<>(8);
        List<String> fired = new ArrayList<>(8);
        merge(express, custom, unmet, fired);
        DecisionPath approvedBy = null;
        if (!expressUnmet) {
            fired.add(E_APPROVAL);
            approvedBy = DecisionPath.EXPRESS_REFUND;
        } else if (strategy != null && !customUnmet) {
            fired.add(S_APPROVAL);
            approvedBy = DecisionPath.CUSTOM_STRATEGY;
        }
        return new Evaluation(approvedBy, List.copyOf(unmet), List.copyOf(fired), null);
    }

    private static final String[] EXPRESS_NAMES = { E_WINDOW, E_APPROVAL, E_ENABLED, E_TAG, E_AMOUNT, E_VIRTUAL, E_SHIPPED,
            E_REFUND_ONLY };
    private static final String[] CUSTOM_NAMES = { S_DISABLED, S_SHIPPED, S_REFUND_ONLY, S_CAP, S_DAY_COUNT, S_DAY_AMOUNT };

    /** The salience-0 firings of both packages by load order (strategy first on a tie: Drools' heap varies). */
    private static void merge(Unmet[] express, Unmet[] custom, List<Unmet> unmet, List<String> fired) {
        for (int order = 0; order < express.length; order++) {
            if (order < custom.length && custom[order] != null) {
                unmet.add(custom[order]);
                fired.add(CUSTOM_NAMES[order]);
            }
            if (express[order] != null) {
                unmet.add(express[order]);
                fired.add(EXPRESS_NAMES[order]);
            }
        }
    }
}
