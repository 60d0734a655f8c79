package com.questportal.sandbox.protocol;

/**
 * An error as AWS returns it: a code the SDK maps to its typed exception, a message, an HTTP
 * status. Services throw it; {@link AwsEndpoint} writes it in the caller's protocol.
 */
public class AwsServiceException extends RuntimeException {

    private final String code;
    private final String shape;
    private final int status;

    public AwsServiceException(String code, String message, int status) {
        this(code, null, message, status);
    }

    /**
     * An error of a query-compatible service (CloudWatch): over RPC v2 CBOR its clients find the exception by its
     * model shape (InvalidParameterValueException) and report the query code (InvalidParameterValue).
     */
    public AwsServiceException(String code, String shape, String message, int status) {
        super(message);
        this.code = code;
        this.shape = shape;
        this.status = status;
    }

    /** A client error (400) with the given code. */
    public static AwsServiceException badRequest(String code, String message) {
        return new AwsServiceException(code, message, 400);
    }

    public String code() {
        return code;
    }

    /** The error's shape in the service model, where it differs from its code; else the code. */
    public String shape() {
        return shape != null ? shape : code;
    }

    public int status() {
        return status;
    }

    /** Query-protocol errors say whether the caller ({@code Sender}) or AWS ({@code Receiver}) was at fault. */
    String faultType() {
        return status < 500 ? "Sender" : "Receiver";
    }
}
