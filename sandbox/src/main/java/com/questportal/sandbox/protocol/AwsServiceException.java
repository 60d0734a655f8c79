package com.questportal.sandbox.protocol;

/**
 * An error as AWS returns it: a code the SDK maps to its typed exception, a message, an HTTP
 * status. Services throw it; {@link AwsEndpoint} writes it in the caller's protocol.
 */
public class AwsServiceException extends RuntimeException {

    private final String code;
    private final int status;

    public AwsServiceException(String code, String message, int status) {
        super(message);
        this.code = code;
        this.status = status;
    }

    /** A client error (400) with the given code. */
    public static AwsServiceException badRequest(String code, String message) {
        return new AwsServiceException(code, message, 400);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Query-protocol errors say whether the caller ({@code Sender}) or AWS ({@code Receiver}) was at fault. */
    String faultType() {
        return status < 500 ? "Sender" : "Receiver";
    }
}
