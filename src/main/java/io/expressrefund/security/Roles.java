package io.expressrefund.security;

/** The roles callers hold. A merchant user also holds {@code shop:<shopId>} for each shop it manages. */
public final class Roles {
    /** The platform's after-sales service: evaluates and records decisions, reads any decision. */
    public static final String REFUND_SERVICE = "refund-service";
    /** Operators and rule authors: everything under {@code /api/v1/rules}. */
    public static final String RULES_ADMIN = "rules-admin";
    /** A merchant user: its own shops' strategies, decisions, event feeds and shipment checks. */
    public static final String MERCHANT = "merchant";
    public static final String SHOP_PREFIX = "shop:";

    private Roles() {
    }

    public static String shop(String shopId) {
        return SHOP_PREFIX + shopId;
    }
}
