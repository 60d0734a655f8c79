package com.questportal.sandbox.elbv2;

import java.time.Clock;
import java.util.Map;

/** What the sandbox's ECS does to a target group: register and deregister task addresses, read their health. */
public final class Targets {

    private final LoadBalancing balancing;
    private final Clock clock;

    Targets(LoadBalancing balancing, Clock clock) {
        this.balancing = balancing;
        this.clock = clock;
    }

    public void register(String account, String region, String targetGroupArn, String ip, int port) {
        Balancers.Scope scope = balancing.balancers.scope(account, region);
        synchronized (scope) {
            LoadBalancing.targetGroup(scope, targetGroupArn);
            TargetRegistration registration = TargetRegistration.registeredAt(ip, port, clock.millis());
            scope.registrations.get(targetGroupArn).put(registration.key(), registration);
            balancing.balancers.save(account, region);
        }
    }

    /** Starts draining the target; returns the group's deregistration delay in seconds. */
    public int deregister(String account, String region, String targetGroupArn, String ip, int port) {
        Balancers.Scope scope = balancing.balancers.scope(account, region);
        synchronized (scope) {
            TargetGroupRecord group = LoadBalancing.targetGroup(scope, targetGroupArn);
            TargetRegistration registration = scope.registrations.get(targetGroupArn).get(TargetRegistration.key(ip, port));
            if (registration != null && !registration.draining()) {
                scope.replace(targetGroupArn, registration.deregisteredAt(clock.millis()));
                balancing.balancers.save(account, region);
            }
            return group.deregistrationDelaySeconds();
        }
    }

    /**
     * Starts draining every target of the group: what ECS does for the tasks of a sandbox that stopped,
     * whose addresses no longer answer. Returns how many were registered; 0 for a group that is gone.
     */
    public int deregisterAll(String account, String region, String targetGroupArn) {
        Balancers.Scope scope = balancing.balancers.scope(account, region);
        synchronized (scope) {
            int count = 0;
            for (TargetRegistration registration : java.util.List.copyOf(scope.registered(targetGroupArn))) {
                if (!registration.draining()) {
                    scope.replace(targetGroupArn, registration.deregisteredAt(clock.millis()));
                    count++;
                }
            }
            if (count > 0) {
                balancing.balancers.save(account, region);
            }
            return count;
        }
    }

    /**
     * Fault injection: the target fails every health check from now on (or passes them again), whatever
     * its process answers. False when no target group has the target registered.
     */
    public boolean injectHealthCheckFailure(String ip, int port, boolean failing) {
        boolean found = false;
        for (Balancers.Scope scope : balancing.balancers.scopes()) {
            synchronized (scope) {
                for (Map.Entry<String, Map<String, TargetRegistration>> group : scope.registrations.entrySet()) {
                    TargetRegistration registration = group.getValue().get(TargetRegistration.key(ip, port));
                    if (registration != null) {
                        scope.replace(group.getKey(), registration.failing(failing));
                        scope.changed();
                        found = true;
                    }
                }
            }
        }
        return found;
    }

    /** Why the target is not healthy, in ELBv2's words ("Health checks failed with these codes: [503]"), or null. */
    public String reason(String account, String region, String targetGroupArn, String ip, int port) {
        TargetRegistration registration = registration(account, region, targetGroupArn, ip, port);
        return registration == null ? null : registration.description();
    }

    /** healthy, unhealthy, initial, or draining / unused / null (not registered). */
    public String state(String account, String region, String targetGroupArn, String ip, int port) {
        TargetRegistration registration = registration(account, region, targetGroupArn, ip, port);
        return registration == null ? null : registration.stateName();
    }

    private TargetRegistration registration(String account, String region, String targetGroupArn, String ip, int port) {
        Balancers.Scope scope = balancing.balancers.scope(account, region);
        synchronized (scope) {
            return scope.registrations.getOrDefault(targetGroupArn, Map.of()).get(TargetRegistration.key(ip, port));
        }
    }
}
