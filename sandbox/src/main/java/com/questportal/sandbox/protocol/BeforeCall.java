package com.questportal.sandbox.protocol;

/**
 * What runs before every AWS call is dispatched, after it is authenticated: the place where injected faults (errors,
 * latency) take effect. It throws {@link AwsServiceException} to answer the call with an AWS error instead.
 */
@FunctionalInterface
public interface BeforeCall {

    void beforeCall(String service, String operation, Protocol protocol);
}
