package com.questportal.portal.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What went wrong with an AWS call, in the words an operator acts on: missing, unknown or expired
 * credentials, a permission the policy lacks, an endpoint out of reach, throttling; anything else
 * with AWS's own message.
 */
public record AwsFailure(Kind kind, String message) {

    public enum Kind { NO_CREDENTIALS, BAD_CREDENTIALS, EXPIRED, DENIED, UNREACHABLE, THROTTLED, OTHER }

    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "AuthorizationError", "UnauthorizedException");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired");
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
            "InvalidAccessKeyId", "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken",
            "MissingAuthenticationTokenException", "InvalidSignatureException");
    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequestsException");

    public static AwsFailure of(SdkException failure, String call) {
        AwsServiceException service = causeOf(failure, AwsServiceException.class);
        if (service != null && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String said = service.awsErrorDetails().errorMessage();
            if (DENIED.contains(code)) {
                return new AwsFailure(Kind.DENIED, "Access denied for " + call + ": the credentials' policy does not allow it (" + code
                        + ": " + said + ").");
            }
            if (EXPIRED.contains(code)) {
                return new AwsFailure(Kind.EXPIRED, "The credentials have expired (" + code + "). Renew the session or access key the "
                        + "portal runs with.");
            }
            if (BAD_CREDENTIALS.contains(code)) {
                return new AwsFailure(Kind.BAD_CREDENTIALS, "AWS does not recognise the credentials (" + code + ": " + said
                        + "). Check the access key the portal runs with.");
            }
            if (THROTTLED.contains(code)) {
                return new AwsFailure(Kind.THROTTLED, "AWS throttled " + call + " even after retries (" + code + "); try again in a minute.");
            }
            return new AwsFailure(Kind.OTHER, call + " failed: " + code + ": " + said);
        }
        String text = failure.getMessage() == null ? "" : failure.getMessage();
        if (text.contains("Unable to load credentials")) {
            return new AwsFailure(Kind.NO_CREDENTIALS, "The portal has no AWS credentials: none in its environment variables, "
                    + "profile, container or instance role. Give it some, or run it in sandbox mode.");
        }
        if (unreachable(failure)) {
            return new AwsFailure(Kind.UNREACHABLE, "The AWS endpoint for " + call + " could not be reached (" + rootMessage(failure)
                    + "). Check the network, proxy and region.");
        }
        return new AwsFailure(Kind.OTHER, call + " failed: " + text);
    }

    /** Whether no answer came at all: the connection was refused or timed out, or the name or route was not found. */
    static boolean unreachable(Throwable failure) {
        return causeOf(failure, ConnectException.class) != null || causeOf(failure, UnknownHostException.class) != null
                || causeOf(failure, NoRouteToHostException.class) != null || causeOf(failure, SocketTimeoutException.class) != null
                || failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException;
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = rootCause(failure);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
