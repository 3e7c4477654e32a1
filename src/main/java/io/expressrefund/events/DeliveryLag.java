package io.expressrefund.events;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Time from an automatic refund's decision to its event reaching an ERP, read or pushed. */
@ApplicationScoped
public class DeliveryLag {
    private final Clock clock;
    private final Timer timer;

    public DeliveryLag(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.timer = Timer.builder("refund.events.delivery.lag")
                .description("Time from an automatic refund's decision to its event reaching an ERP")
                .publishPercentileHistogram()
                .register(registry);
    }

    void delivered(List<RefundEvent> events) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        events.forEach(event -> timer.record(Duration.between(event.decidedAt(), now)));
    }
}
