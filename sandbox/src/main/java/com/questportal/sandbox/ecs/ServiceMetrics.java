package com.questportal.sandbox.ecs;

import com.questportal.sandbox.cloudwatch.MetricStore;
import com.questportal.sandbox.runtime.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * ECS's service metric in CloudWatch: {@code AWS/ECS CPUUtilization} per {@code ClusterName} and {@code ServiceName}, the CPU
 * time the service's task processes used over each period against the vCPUs their task definitions reserve, in percent.
 * Like Fargate's, it may pass 100 when the tasks use more than they reserve. One datapoint per service and period (AWS's minute; the sandbox's scaling period, shorter in tests).
 */
final class ServiceMetrics implements AutoCloseable {

    /** A service as CloudWatch names it. */
    record Named(String account, String region, String cluster, String service) {
    }

    private record Reading(Duration cpu, Instant at) {
    }

    private final Supplier<Map<Named, EcsService.ServiceCapacity>> services;
    private final MetricStore metrics;
    private final Clock clock;
    private final Map<Named, Reading> last = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-ecs-metrics"));

    ServiceMetrics(Supplier<Map<Named, EcsService.ServiceCapacity>> services, MetricStore metrics, Clock clock) {
        this.services = services;
        this.metrics = metrics;
        this.clock = clock;
    }

    void start(Duration period) {
        ticker.scheduleAtFixedRate(this::sample, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One datapoint per service that ran tasks over the whole period; the first reading of a service only sets its baseline. */
    void sample() {
        Instant now = clock.instant();
        Map<Named, EcsService.ServiceCapacity> active = services.get();
        active.forEach((named, found) -> {
            Reading before = last.put(named, new Reading(found.cpuTime(), now));
            if (before != null && found.vcpus() > 0) {
                double wallMillis = Math.max(1, Duration.between(before.at(), now).toMillis());
                // A task that stopped takes its CPU time with it: the total may fall, which is no negative use.
                double usedMillis = Math.max(0, found.cpuTime().minus(before.cpu()).toMillis());
                metrics.record(new MetricStore.Metric(named.region(), "AWS/ECS", "CPUUtilization",
                                Map.of("ClusterName", named.cluster(), "ServiceName", named.service())), "Percent",
                        usedMillis / (wallMillis * found.vcpus()) * 100.0);
            }
        });
        last.keySet().retainAll(active.keySet());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
