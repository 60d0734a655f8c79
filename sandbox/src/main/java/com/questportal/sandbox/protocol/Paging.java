package com.questportal.sandbox.protocol;

/** The sandbox's page tokens: the offset of the next item, refused in the service's own words when forged. */
public final class Paging {

    private Paging() {
    }

    /** Where a page starts: 0 without a token, else the token's offset when it is one this list could have given. */
    public static int start(String token, int size, String invalidCode, String invalidMessage) {
        if (token == null) {
            return 0;
        }
        try {
            int start = Integer.parseInt(token);
            if (start >= 0 && start <= size) {
                return start;
            }
        } catch (NumberFormatException forged) {
            // refused below, as a forged offset is
        }
        throw AwsServiceException.badRequest(invalidCode, invalidMessage);
    }

    /** The token of the page after this one, or null on the last page. */
    public static String next(int start, int pageSize, int total) {
        return start + pageSize < total ? Integer.toString(start + pageSize) : null;
    }
}
