package dev.hypercare.http;

/**
 * Query parameters the resources take as Strings and convert themselves: JAX-RS answers a plain 404 (no problem+json,
 * no field named) to a parameter it cannot convert to the declared type, such as {@code limit=abc} for an {@code int}.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** The whole number in {@code value}, or {@code otherwise} when it is not one (for the caller's range check). */
    public static int wholeNumber(String value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
