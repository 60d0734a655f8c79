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
    @SuppressWarnings("unchecked")
    private void checkDue() {
        for (Balancers.Scope scope : balancers.scopes()) {
            List<Runnable> checks = new ArrayList<>();
            synchronized (scope) {
                for (Map<String, Object> group : scope.targetGroups.values()) {
                    String arn = (String) group.get("arn");
                    if (balancing.loadBalancersOf(scope, arn).isEmpty()) {
                        continue;
                    }
                    long interval = ((Number) group.get("healthCheckInterval")).longValue() * 1000;
                    for (Map<String, Object> target : scope.registrations.getOrDefault(arn, Map.of()).values()) {
                        long last = target.get("checked") == null ? 0 : ((Number) target.get("checked")).longValue();
                        if (target.get("deregistered") == null && clock.millis() - last >= interval) {
                            target.put("checked", clock.millis());
                            checks.add(() -> check(scope, group, target));
                        }
                    }
                }
            }
            checks.forEach(Runnable::run);
        }
    }

    private void check(Balancers.Scope scope, Map<String, Object> group, Map<String, Object> target) {
        String url = "http://" + target.get("id") + ":" + target.get("port") + group.get("healthCheckPath");
        String failure;
        if (Boolean.TRUE.equals(target.get("failInjected"))) {
            record(scope, group, target, "Target.FailedHealthChecks:Health checks failed (injected by the sandbox)");
            return;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(((Number) group.get("healthCheckTimeout")).longValue())).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            failure = String.valueOf(response.statusCode()).equals(group.get("matcher")) ? null
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

    private void record(Balancers.Scope scope, Map<String, Object> group, Map<String, Object> target, String failure) {
        synchronized (scope) {
            scope.changed();
            int passes = failure == null ? count(target, "passes") + 1 : 0;
            int failures = failure == null ? 0 : count(target, "failures") + 1;
            target.put("passes", passes);
            target.put("failures", failures);
            if (failure == null && passes >= ((Number) group.get("healthyThreshold")).intValue()) {
                target.put("state", "healthy");
                target.remove("reason");
                target.remove("description");
            } else if (failure != null && failures >= ((Number) group.get("unhealthyThreshold")).intValue()) {
                target.put("state", "unhealthy");
                target.put("reason", failure.substring(0, failure.indexOf(':')));
                target.put("description", failure.substring(failure.indexOf(':') + 1));
            } else if (target.get("state") == null) {
                target.put("reason", "Elb.InitialHealthChecking");
            }
        }
    }

    private static int count(Map<String, Object> target, String key) {
        return target.get(key) == null ? 0 : ((Number) target.get(key)).intValue();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
