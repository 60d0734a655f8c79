package com.questportal.sandbox.logs;

import com.questportal.sandbox.protocol.AwsServiceException;

/** Offset tokens for the paged Describe calls. */
final class Pages {

    private Pages() {
    }

    static int start(String token, int size) {
        if (token == null) {
            return 0;
        }
        try {
            int start = Integer.parseInt(token);
            if (start >= 0 && start <= size) {
                return start;
            }
        } catch (NumberFormatException e) {
            // falls through to AWS's error
        }
        throw AwsServiceException.badRequest("InvalidParameterException", "The specified nextToken is invalid.");
    }

    static String next(int start, int size, int total) {
        return start + size < total ? Integer.toString(start + size) : null;
    }
}
