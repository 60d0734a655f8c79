package com.questportal.sandbox.protocol;

import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;

/**
 * One API operation: its name on the wire, the SDK request type it reads, and the service logic.
 *
 * @param name the operation, as in {@code X-Amz-Target} or {@code Action}
 * @param requestBuilder a fresh builder of the SDK request type, e.g. {@code GetParameterRequest::builder}
 * @param handler the logic: takes the built SDK request, returns the SDK response
 */
public record Operation<I extends SdkPojo, O extends SdkPojo>(
        String name, Supplier<? extends SdkPojo> requestBuilder, BiFunction<I, CallContext, O> handler) {

    public static <I extends SdkPojo, O extends SdkPojo> Operation<I, O> of(
            String name, Supplier<? extends SdkPojo> requestBuilder, BiFunction<I, CallContext, O> handler) {
        return new Operation<>(name, requestBuilder, handler);
    }

    @SuppressWarnings("unchecked")
    SdkPojo invoke(SdkPojo request, CallContext context) {
        return handler.apply((I) request, context);
    }
}
