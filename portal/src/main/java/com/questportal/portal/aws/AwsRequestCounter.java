package com.questportal.portal.aws;

import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts each request the portal's clients send to AWS, retries included, as the meter
 * {@value #METER} tagged with the service and the operation: what the account is billed and
 * throttled for, and the proof that reads are shared rather than made once per person watching.
 */
final class AwsRequestCounter implements ExecutionInterceptor {

    static final String METER = "portal.aws.requests";

    private final MeterRegistry registry;

    AwsRequestCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        registry.counter(METER, "service", attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                "operation", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)).increment();
    }
}
