package io.expressrefund.events;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Whether an ERP may hand an order's parcel to the carrier. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Whether an ERP may hand the order's parcel to the carrier")
public record ShipmentCheck(boolean ship, String reason, String refundId, OffsetDateTime decidedAt) {

    static ShipmentCheck mayShip() {
        return new ShipmentCheck(true, null, null, null);
    }

    static ShipmentCheck refunded(String refundId, OffsetDateTime decidedAt) {
        return new ShipmentCheck(false, "REFUNDED", refundId, decidedAt);
    }
}
