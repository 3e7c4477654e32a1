package io.expressrefund.console;

/** The replay fields of the draft page, as typed, with the reason a replay could not start. */
public record ReplayForm(String from, String to, String shopId, String baseline, String error) {

    static ReplayForm empty() {
        return new ReplayForm("", "", "", "current", null);
    }

    ReplayForm failed(String why) {
        return new ReplayForm(from, to, shopId, baseline, why);
    }
}
