package com.questportal.sandbox.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects constraint failures and reports them as AWS does: "2 validation errors detected: Value
 * null at 'roleArn' failed to satisfy constraint: Member must not be null; ...".
 */
public final class Validation {

    private final String code;
    private final List<String> failures = new ArrayList<>();

    private Validation(String code) {
        this.code = code;
    }

    /** For query services, whose code is {@code ValidationError}. */
    public static Validation query() {
        return new Validation("ValidationError");
    }

    /** For JSON services, whose code is {@code ValidationException}. */
    public static Validation json() {
        return new Validation("ValidationException");
    }

    public Validation required(String member, Object value) {
        if (value == null) {
            failures.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    public Validation length(String member, String value, int min, int max) {
        return lengthOf(member, value, min, max, true);
    }

    /** As {@link #length}, for a member AWS marks sensitive: the message never carries the value. */
    public Validation sensitiveLength(String member, String value, int min, int max) {
        return lengthOf(member, value, min, max, false);
    }

    private Validation lengthOf(String member, String value, int min, int max, boolean shown) {
        if (value != null && (value.length() < min || value.length() > max)) {
            failures.add((shown ? "Value '" + value + "' at '" : "Value at '") + member + "' failed to satisfy constraint: Member must have length "
                    + (value.length() < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return this;
    }

    public Validation range(String member, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            failures.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must have value "
                    + (value < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return this;
    }

    public Validation pattern(String member, String value, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            failures.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must satisfy regular "
                    + "expression pattern: " + pattern.pattern());
        }
        return this;
    }

    public Validation oneOf(String member, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            failures.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must satisfy enum value set: "
                    + allowed);
        }
        return this;
    }

    /** Throws the collected failures, if any. */
    public void check() {
        if (!failures.isEmpty()) {
            throw AwsServiceException.badRequest(code, failures.size() + " validation error" + (failures.size() == 1 ? "" : "s")
                    + " detected: " + String.join("; ", failures));
        }
    }
}
