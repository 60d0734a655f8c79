package com.questportal.portal.api;

import org.springframework.http.HttpStatus;

/**
 * A record's version as its HTTP entity tag, and the {@code If-Match} a change must carry: a writer
 * says which version it read, so that nobody overwrites a change they never saw.
 */
public final class ApiVersions {

    private ApiVersions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} header names; 428 when it is missing, 400 when it names no version of ours. */
    public static long required(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ApiProblems.problem(HttpStatus.PRECONDITION_REQUIRED, "If-Match required",
                    "Send the ETag you got from GET as If-Match, so that a change made since is not overwritten.");
        }
        Long version = parse(ifMatch);
        if (version == null) {
            throw ApiProblems.problem(HttpStatus.BAD_REQUEST, "Bad If-Match",
                    "If-Match must be one ETag from GET, e.g. \"3\"; '*' and lists are not accepted here.");
        }
        return version;
    }

    /** The version an optional {@code If-Match} names, or null when there is none. */
    public static Long optional(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank() ? null : required(ifMatch);
    }

    private static Long parse(String ifMatch) {
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() < 3 || tag.length() > 21 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
            return null;
        }
        String digits = tag.substring(1, tag.length() - 1);
        if (!digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Long.valueOf(digits);
        } catch (NumberFormatException pastEveryVersion) {
            return null;
        }
    }
}
