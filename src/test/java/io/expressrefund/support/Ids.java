package io.expressrefund.support;

import io.expressrefund.platform.Identifiers;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Identifiers unique to this test run, so that tests never meet each other's data in a kept database. */
public final class Ids {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Ids() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + NEXT.incrementAndGet();
    }
}
