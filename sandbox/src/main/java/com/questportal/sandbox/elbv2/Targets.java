package com.questportal.sandbox.elbv2;

import java.time.Clock;
import java.util.LinkedHashMap;
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
            Map<String, Object> registration = new LinkedHashMap<>();
            registration.put("id", ip);
            registration.put("port", port);
            registration.put("registered", clock.millis());
            scope.registrations.get(targetGroupArn).put(ip + ":" + port, registration);
            balancing.balancers.save(account, region);
        }
    }

    /** Starts draining the target; returns the group's deregistration delay in seconds. */
    @SuppressWarnings("unchecked")
    public int deregister(String account, String region, String targetGroupArn, String ip, int port) {
        Balancers.Scope scope = balancing.balancers.scope(account, region);
        synchronized (scope) {
            Map<String, Object> group = LoadBalancing.targetGroup(scope, targetGroupArn);
            Map<String, Object> registration = scope.registrations.get(targetGroupArn).get(ip + ":" + port);
            if (registration != null && registration.get("deregistered") == null) {
                registration.put("deregistered", clock.millis());
                balancing.balancers.save(account, region);
            }
            return LoadBalancing.integer(((Map<String, Object>) group.get("attributes")).get("deregistration_delay.timeout_seconds"), 300);
        }
    }

    /**
     * Starts draining every target of the group: what ECS does for the tasks of a sandbox that stopped,
     * whose addresses no longer answer. Returns how many were registered; 0 for a group that is gone.
     */
    public int deregisterAll(String account, String region, String targetGroupArn) {
        Balancers.Scope scope = balancing.balancers.scope(account, region);
        synchronized (scope) {
            Map<String, Map<String, Object>> group = scope.registrations.get(targetGroupArn);
            if (group == null) {
                return 0;
            }
            int count = 0;
            for (Map<String, Object> registration : group.values()) {
                if (registration.get("deregistered") == null) {
                    registration.put("deregistered", clock.millis());
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
                for (Map<String, Map<String, Object>> group : scope.registrations.values()) {
                    Map<String, Object> registration = group.get(ip + ":" + port);
                    if (registration != null) {
                        registration.put("failInjected", failing);
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
        Balancers.Scope scope = balancing.balancers.scope(account, region);
        synchronized (scope) {
            Map<String, Object> registration = scope.registrations.getOrDefault(targetGroupArn, Map.of()).get(ip + ":" + port);
            return registration == null ? null : (String) registration.get("description");
        }
    }

    /** healthy, unhealthy, initial, or draining / unused / null (not registered). */
    public String state(String account, String region, String targetGroupArn, String ip, int port) {
        Balancers.Scope scope = balancing.balancers.scope(account, region);
        synchronized (scope) {
            Map<String, Object> registration = scope.registrations.getOrDefault(targetGroupArn, Map.of()).get(ip + ":" + port);
            return registration == null ? null : stateOf(registration);
        }
    }

    /** A registered target's state: draining once deregistered, initial until its health is known, then healthy or unhealthy. */
    static String stateOf(Map<String, Object> registration) {
        if (registration.get("deregistered") != null) {
            return "draining";
        }
        return registration.get("state") == null ? "initial" : (String) registration.get("state");
    }
}
