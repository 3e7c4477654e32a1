package io.expressrefund.platform;

/** The shape of the platform's identifiers (refunds, orders, shops). */
public final class Identifiers {
    public static final String PATTERN = "[A-Za-z0-9_.:-]{1,64}";
    public static final String MESSAGE = "must be 1 to 64 characters of A-Z a-z 0-9 _ . : -";

    private Identifiers() {
    }
}
