package com.questportal.sandbox.protocol;

/**
 * Who called, where: what a service needs to answer one request.
 *
 * @param requestId the id echoed in the response, as AWS's {@code x-amzn-RequestId}
 * @param accountId the caller's account
 * @param region the region the request was signed for
 * @param callerArn the caller's ARN (a root user or an assumed-role session)
 * @param callerUserId the caller's user id, as {@code GetCallerIdentity} reports it
 * @param accessKeyId the access key that signed the request
 */
public record CallContext(
        String requestId, String accountId, String region, String callerArn, String callerUserId, String accessKeyId) {
}
