package io.expressrefund.console;

/** A console request that cannot be served, shown to the person as a page with a readable message. */
public class ConsoleException extends RuntimeException {
    private final int status;

    public ConsoleException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ConsoleException notYourShop() {
        // The same answer for a shop that exists and for one that does not, so nobody can probe shop ids.
        return new ConsoleException(403, "You may not see this shop.");
    }

    static ConsoleException notFound(String what) {
        return new ConsoleException(404, what + " was not found.");
    }
}
