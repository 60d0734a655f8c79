package com.questportal.sandbox.elbv2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which target gets the next request (round robin over the healthy, registered targets of a group)
 * and what each target and load balancer has carried: open connections and requests per target,
 * requests and 5xx answers per load balancer, as ALB's CloudWatch metrics count them.
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

    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    private final Map<String, TargetCounters> targets = new ConcurrentHashMap<>();
    private final Map<String, LoadBalancerCounters> loadBalancers = new ConcurrentHashMap<>();

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

    /** The next of the group's healthy targets, round robin, or null when it has none: ALB then answers 503. */
    Target next(String targetGroupArn, List<Target> healthy) {
        if (healthy.isEmpty()) {
            return null;
        }
        int turn = cursors.computeIfAbsent(targetGroupArn, arn -> new AtomicInteger()).getAndIncrement();
        return healthy.get(Math.floorMod(turn, healthy.size()));
    }

    TargetCounters of(Target target) {
        return targets.computeIfAbsent(target.key(), key -> new TargetCounters());
    }

    TargetCounters of(String targetGroupArn, String ip, int port) {
        return of(new Target(targetGroupArn, ip, port));
    }

    LoadBalancerCounters of(String loadBalancerArn) {
        return loadBalancers.computeIfAbsent(loadBalancerArn, arn -> new LoadBalancerCounters());
    }
}
