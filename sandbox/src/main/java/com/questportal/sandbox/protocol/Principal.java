package com.questportal.sandbox.protocol;

import java.time.Instant;

/**
 * A key the sandbox accepts: the configured root key, or session credentials that AssumeRole issued.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret the request is signed with
 * @param sessionToken the session token that must accompany a session key, or null for the root key
 * @param accountId the account the key belongs to
 * @param arn the principal's ARN
 * @param userId the principal's user id as GetCallerIdentity reports it
 * @param expiration when a session key stops working, or null for the root key
 */
public record Principal(
        String accessKeyId, String secretAccessKey, String sessionToken, String accountId, String arn, String userId,
        Instant expiration) {

    public static Principal root(String accessKeyId, String secretAccessKey, String accountId) {
        return new Principal(accessKeyId, secretAccessKey, null, accountId, "arn:aws:iam::" + accountId + ":root",
                accountId, null);
    }

    boolean isExpiredAt(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }
}
