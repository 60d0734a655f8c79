package com.questportal.sandbox.elbv2;

import com.questportal.sandbox.runtime.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Health-checks every registered target of every target group a listener uses: an HTTP GET on the
 * group's path at its interval and timeout, moving each target from initial to healthy or
 * unhealthy after the group's thresholds of consecutive results, with ELBv2's reasons.
 */
final class HealthChecker implements AutoCloseable {

    private final Balancers balancers;
    private final LoadBalancing balancing;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-health-checks"));

    HealthChecker(Balancers balancers, LoadBalancing balancing, Clock clock) {
        this.balancers = balancers;
        this.balancing = balancing;
        this.clock = clock;
        scheduler.scheduleWithFixedDelay(this::checkDue, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** One pass: every target whose group's interval has passed since its last check gets a check. */
    private void checkDue() {
        for (Balancers.Scope scope : balancers.scopes()) {
            List<Runnable> checks = new ArrayList<>();
            synchronized (scope) {
                for (TargetGroupRecord group : scope.targetGroups.values()) {
                    if (balancing.loadBalancersOf(scope, group.arn()).isEmpty()) {
                        continue;
                    }
                    long interval = group.healthCheck().intervalSeconds() * 1000L;
                    for (TargetRegistration target : List.copyOf(scope.registered(group.arn()))) {
                        long last = target.lastChecked() == null ? 0 : target.lastChecked();
                        if (!target.draining() && clock.millis() - last >= interval) {
                            TargetRegistration checking = target.checkedAt(clock.millis());
                            scope.replace(group.arn(), checking);
                            checks.add(() -> check(scope, group, checking));
                        }
                    }
                }
            }
            checks.forEach(Runnable::run);
        }
    }

    /** One HTTP check of one target, outside the scope's monitor; its result is recorded on the registration as it is then. */
    private void check(Balancers.Scope scope, TargetGroupRecord group, TargetRegistration target) {
        String url = "http://" + target.ip() + ":" + target.port() + group.healthCheck().path();
        String failure;
        if (target.failInjected()) {
            record(scope, group, target, "Target.FailedHealthChecks:Health checks failed (injected by the sandbox)");
            return;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(group.healthCheck().timeoutSeconds())).GET().build(), HttpResponse.BodyHandlers.discarding());
            failure = String.valueOf(response.statusCode()).equals(group.healthCheck().matcher()) ? null
                    : "Target.ResponseCodeMismatch:Health checks failed with these codes: [" + response.statusCode() + "]";
        } catch (java.net.http.HttpTimeoutException e) {
            failure = "Target.Timeout:Request timed out";
        } catch (IOException e) {
            failure = "Target.FailedHealthChecks:Health checks failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        record(scope, group, target, failure);
    }

    private void record(Balancers.Scope scope, TargetGroupRecord group, TargetRegistration target, String failure) {
        synchronized (scope) {
            TargetRegistration now = scope.registrations.getOrDefault(group.arn(), Map.of()).get(target.key());
            // Deregistered or re-registered while the check ran: the result is about a registration that is gone.
            if (now != null && now.registered() == target.registered() && !now.draining()) {
                TargetGroupRecord current = scope.targetGroups.getOrDefault(group.arn(), group);
                scope.replace(group.arn(), now.afterCheck(failure, current.healthCheck()));
                scope.changed();
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
