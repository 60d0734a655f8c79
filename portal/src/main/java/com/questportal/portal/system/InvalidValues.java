package com.questportal.portal.system;

import org.springframework.beans.TypeMismatchException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Words for a value in an address or a query that has the wrong type, e.g. a letter where an id belongs. */
public final class InvalidValues {

    private InvalidValues() {
    }

    public static String describe(TypeMismatchException mismatch) {
        String name = mismatch instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : mismatch.getPropertyName();
        Class<?> required = mismatch.getRequiredType();
        boolean whole = required == long.class || required == int.class || required == Long.class || required == Integer.class;
        return "'" + mismatch.getValue() + "' is not a valid " + name + (whole ? ": it is a whole number." : ".");
    }
}
