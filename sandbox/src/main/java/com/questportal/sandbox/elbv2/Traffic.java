package com.questportal.sandbox.elbv2;

import com.questportal.sandbox.cloudwatch.MetricStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which target gets the next request (round robin over the healthy, registered targets of a group)
 * and what each target and load balancer has carried: open connections and requests per target,
 * requests and 5xx answers per load balancer; and the same, with the targets' response times, as
 * ALB's CloudWatch metrics ({@code AWS/ApplicationELB}, per load balancer and per target group).
 */
final class Traffic {

    /** A target as the proxy connects to it. */
    record Target(String targetGroupArn, String ip, int port) {
        String key() {
            return targetGroupArn + "|" + ip + ":" + port;
        }
    }

    /** ActiveConnectionCount and RequestCount of one target. */
    static final class TargetCounters {
        final AtomicInteger activeConnections = new AtomicInteger();
        final AtomicLong requests = new AtomicLong();
    }

    /** RequestCount, HTTPCode_ELB_5XX_Count and HTTPCode_Target_5XX_Count of one load balancer. */
    static final class LoadBalancerCounters {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong elb5xx = new AtomicLong();
        final AtomicLong target5xx = new AtomicLong();
    }

    private static final String NAMESPACE = "AWS/ApplicationELB";

    private final MetricStore metrics;
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    private final Map<String, TargetCounters> targets = new ConcurrentHashMap<>();
    private final Map<String, LoadBalancerCounters> loadBalancers = new ConcurrentHashMap<>();

    Traffic(MetricStore metrics) {
        this.metrics = metrics;
    }

    /** A request reached the load balancer: RequestCount. */
    void request(String loadBalancerArn) {
        of(loadBalancerArn).requests.incrementAndGet();
        count(loadBalancerArn, null, "RequestCount");
    }

    /** The load balancer answered 502, 503 or 504 itself: HTTPCode_ELB_5XX_Count. */
    void elb5xx(String loadBalancerArn) {
        of(loadBalancerArn).elb5xx.incrementAndGet();
        count(loadBalancerArn, null, "HTTPCode_ELB_5XX_Count");
    }

    /**
     * A target answered: TargetResponseTime (from the request leaving the load balancer to the answer's
     * head arriving), RequestCount per target group, and HTTPCode_Target_5XX_Count when it was a 5xx.
     */
    void targetAnswered(String loadBalancerArn, Target target, int status, double seconds) {
        for (String group : new String[] {null, target.targetGroupArn()}) {
            metrics.record(metric(loadBalancerArn, group, "TargetResponseTime"), "Seconds", seconds);
            if (status >= 500) {
                count(loadBalancerArn, group, "HTTPCode_Target_5XX_Count");
            }
        }
        count(loadBalancerArn, target.targetGroupArn(), "RequestCount");
        if (status >= 500) {
            of(loadBalancerArn).target5xx.incrementAndGet();
        }
    }

    private void count(String loadBalancerArn, String targetGroupArn, String name) {
        metrics.record(metric(loadBalancerArn, targetGroupArn, name), "Count", 1);
    }

    /** ALB's dimensions: {@code LoadBalancer=app/<name>/<id>}, and {@code TargetGroup=targetgroup/<name>/<id>} per group. */
    private static MetricStore.Metric metric(String loadBalancerArn, String targetGroupArn, String name) {
        String region = loadBalancerArn.split(":")[3];
        String loadBalancer = loadBalancerArn.substring(loadBalancerArn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
        return new MetricStore.Metric(region, NAMESPACE, name, targetGroupArn == null ? Map.of("LoadBalancer", loadBalancer)
                : Map.of("LoadBalancer", loadBalancer, "TargetGroup", targetGroupArn.substring(targetGroupArn.lastIndexOf(':') + 1)));
    }

    /** The healthy, registered targets of a group, in registration order; the caller holds the scope's monitor. */
    static List<Target> healthy(Balancers.Scope scope, String targetGroupArn) {
        List<Target> healthy = new ArrayList<>();
        for (TargetRegistration registration : scope.registered(targetGroupArn)) {
            if (registration.healthy()) {
                healthy.add(new Target(targetGroupArn, registration.ip(), registration.port()));
            }
        }
        return List.copyOf(healthy);
    }

    /**
     * The next of the group's healthy targets, round robin, or null when it has none: ALB then answers 503. Each request so
     * passed counts as a share of one over the healthy targets towards RequestCountPerTarget, whose Sum per minute is then
     * the group's requests per healthy target, as ALB publishes it for target tracking.
     */
    Target next(String loadBalancerArn, String targetGroupArn, List<Target> healthy) {
        if (healthy.isEmpty()) {
            return null;
        }
        metrics.record(metric(loadBalancerArn, targetGroupArn, "RequestCountPerTarget"), "Count", 1.0 / healthy.size());
        int turn = cursors.computeIfAbsent(targetGroupArn, arn -> new AtomicInteger()).getAndIncrement();
        return healthy.get(Math.floorMod(turn, healthy.size()));
    }

    TargetCounters of(Target target) {
        return targets.computeIfAbsent(target.key(), key -> new TargetCounters());
    }

    TargetCounters of(String targetGroupArn, String ip, int port) {
        return of(new Target(targetGroupArn, ip, port));
    }

    /** The requests passed to the targets of a group so far, all of them (a running total). */
    long requestsOf(String targetGroupArn) {
        String prefix = targetGroupArn + "|";
        return targets.entrySet().stream().filter(entry -> entry.getKey().startsWith(prefix))
                .mapToLong(entry -> entry.getValue().requests.get()).sum();
    }

    LoadBalancerCounters of(String loadBalancerArn) {
        return loadBalancers.computeIfAbsent(loadBalancerArn, arn -> new LoadBalancerCounters());
    }
}
