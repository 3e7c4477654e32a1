package io.expressrefund.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refund requests for tests, as JSON-ready maps: a qualifying express refund by default, changed one field
 * at a time with {@link Json#with(String, Object)}.
 */
public final class Requests {
    /**
     * A shop of this test run alone: tests keep their database between runs, and a strategy another test gave a
     * shared shop would change these requests' decisions.
     */
    public static final String SHOP = Ids.unique("S");
    /**
     * A minute ago in platform time when the test run began: recent enough to be recorded (recording refuses
     * requests older than a day), fixed for the run so that a request posted twice has the same facts.
     */
    public static final java.time.OffsetDateTime RECENT = java.time.OffsetDateTime.now(Days.PLATFORM).minusMinutes(1)
            .withNano(0);

    private Requests() {
    }

    public static Json qualifying(String refundId) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderId", "O-" + refundId);
        order.put("paidAmount", 120.50);
        order.put("paidAt", RECENT.minusHours(2).minusMinutes(17).toString());
        order.put("shippingStatus", "UNSHIPPED");
        order.put("virtualGoods", false);
        order.put("serviceTags", new ArrayList<>(List.of("EXPRESS_REFUND")));
        Map<String, Object> shop = new LinkedHashMap<>();
        shop.put("shopId", SHOP);
        shop.put("expressRefundEnabled", true);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("refundId", refundId);
        request.put("requestedAt", RECENT.toString());
        request.put("refundType", "REFUND_ONLY");
        request.put("refundAmount", 120.50);
        request.put("order", order);
        request.put("shop", shop);
        return new Json(request);
    }
}
