package io.ofql;

/**
 * Bad input from the user: a file, key, value or option that is not what was expected.
 *
 * <p>The message is one line that names the offending file, key or value and says what was
 * expected. The command line prints it alone (no stack trace) and exits non-zero.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
