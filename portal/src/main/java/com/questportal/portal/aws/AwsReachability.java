package com.questportal.portal.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Whether the AWS endpoints answer, from the calls the portal makes anyway (none of its own): a call that got no answer
 * ({@link AwsFailure#unreachable}, as the pages' failure messages judge it) is remembered until any endpoint answers
 * again, so that every page can say so while AWS (or the sandbox) is out of reach. The portal starts and serves its
 * pages regardless.
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
        if (context.httpRequest().isPresent() && AwsFailure.unreachable(context.exception())) {
            URI endpoint = context.httpRequest().get().getUri();
            String said = AwsFailure.rootCause(context.exception()).getMessage();
            unreachable.set(new Unreachable(endpoint.getScheme() + "://" + endpoint.getAuthority(),
                    said == null || said.isBlank() ? "no answer" : said, clock.instant()));
        }
    }
}
