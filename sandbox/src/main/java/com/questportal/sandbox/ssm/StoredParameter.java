package com.questportal.sandbox.ssm;

import java.time.Instant;

/**
 * A parameter as the sandbox keeps it; a SecureString's value is sealed.
 *
 * @param storedValue the plain value, or for SecureString the value sealed by the data directory's key
 * @param tier {@code Standard} (values up to 4 KB) or {@code Advanced} (up to 8 KB)
 */
record StoredParameter(
        String name, String type, String storedValue, String description, long version, Instant lastModified,
        String lastModifiedUser, String tier) {

    boolean isSecure() {
        return "SecureString".equals(type);
    }
}
