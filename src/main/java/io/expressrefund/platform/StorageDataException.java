package io.expressrefund.platform;

/**
 * The database refused what it was given (a data exception, SQLSTATE class 22, or the like): a bug that
 * validation should have caught, not an outage. Answered 500, never 503, and logged with the request.
 */
public class StorageDataException extends RuntimeException {
    public StorageDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
