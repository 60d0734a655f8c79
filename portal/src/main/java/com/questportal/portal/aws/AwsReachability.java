package com.questportal.portal.aws;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Whether the AWS endpoints answer, from the calls the portal makes anyway (no call of its own but one at start): an
 * endpoint that could not be connected to is remembered until any endpoint answers again, so that every page can say so
 * while AWS (or the sandbox) is out of reach. The portal starts and serves its pages regardless.
 */
public final class AwsReachability implements ExecutionInterceptor {

    /** The last call that could not reach its endpoint. */
    public record Unreachable(String endpoint, String reason, Instant at) {
    }

    private final Clock clock;
    private final AtomicReference<Unreachable> unreachable = new AtomicReference<>();

    AwsReachability(Clock clock) {
        this.clock = clock;
    }

    public Optional<Unreachable> unreachable() {
        return Optional.ofNullable(unreachable.get());
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        // An HTTP answer, whatever its status, means the endpoint is there.
        unreachable.set(null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof SdkClientException && context.httpRequest().isPresent() && notConnected(context.exception())) {
            URI endpoint = context.httpRequest().get().getUri();
            unreachable.set(new Unreachable(endpoint.getScheme() + "://" + endpoint.getAuthority(), reason(context.exception()), clock.instant()));
        }
    }

    /** No HTTP answer came: the connection was refused, timed out or the name did not resolve. */
    private static boolean notConnected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? "no answer" : message;
    }
}
