package io.expressrefund.platform;

/** The database failed; nothing was recorded. Answered with 503 so that the caller retries. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
