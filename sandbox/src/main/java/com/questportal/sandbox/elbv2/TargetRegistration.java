package com.questportal.sandbox.elbv2;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One target registered in a target group, with what its health checks found: immutable, replaced whole after each
 * check. {@code state} is null until the thresholds decide (initial); {@code deregistered} starts its draining.
 */
record TargetRegistration(String ip, int port, long registered, Long deregistered, Long lastChecked, String state, String reason,
                          String description, int passes, int failures, boolean failInjected) {

    static TargetRegistration registeredAt(String ip, int port, long now) {
        return new TargetRegistration(ip, port, now, null, null, null, null, null, 0, 0, false);
    }

    static String key(String ip, int port) {
        return ip + ":" + port;
    }

    String key() {
        return key(ip, port);
    }

    boolean draining() {
        return deregistered != null;
    }

    boolean healthy() {
        return "healthy".equals(state) && !draining();
    }

    /** draining once deregistered, initial until its health is known, then healthy or unhealthy. */
    String stateName() {
        return draining() ? "draining" : state == null ? "initial" : state;
    }

    TargetRegistration deregisteredAt(long now) {
        return new TargetRegistration(ip, port, registered, now, lastChecked, state, reason, description, passes, failures, failInjected);
    }

    TargetRegistration checkedAt(long now) {
        return new TargetRegistration(ip, port, registered, deregistered, now, state, reason, description, passes, failures, failInjected);
    }

    TargetRegistration failing(boolean injected) {
        return new TargetRegistration(ip, port, registered, deregistered, lastChecked, state, reason, description, passes, failures, injected);
    }

    /**
     * After one check ({@code failure} null when it passed, else "Reason.Code:description"): healthy after the group's
     * healthy threshold of passes in a row, unhealthy after its unhealthy threshold of failures, with ELBv2's reason.
     */
    TargetRegistration afterCheck(String failure, TargetGroupRecord.HealthCheck healthCheck) {
        int newPasses = failure == null ? passes + 1 : 0;
        int newFailures = failure == null ? 0 : failures + 1;
        String newState = state;
        String newReason = reason;
        String newDescription = description;
        if (failure == null && newPasses >= healthCheck.healthyThreshold()) {
            newState = "healthy";
            newReason = null;
            newDescription = null;
        } else if (failure != null && newFailures >= healthCheck.unhealthyThreshold()) {
            newState = "unhealthy";
            newReason = failure.substring(0, failure.indexOf(':'));
            newDescription = failure.substring(failure.indexOf(':') + 1);
        } else if (state == null) {
            newReason = "Elb.InitialHealthChecking";
        }
        return new TargetRegistration(ip, port, registered, deregistered, lastChecked, newState, newReason, newDescription, newPasses,
                newFailures, failInjected);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", ip);
        json.put("port", port);
        json.put("registered", registered);
        json.put("deregistered", deregistered);
        json.put("checked", lastChecked);
        json.put("state", state);
        json.put("reason", reason);
        json.put("description", description);
        json.put("passes", passes);
        json.put("failures", failures);
        json.put("failInjected", failInjected);
        return json;
    }

    static TargetRegistration fromJson(Map<String, Object> json) {
        Integer passes = RecordFields.integer(json, "passes");
        Integer failures = RecordFields.integer(json, "failures");
        return new TargetRegistration(RecordFields.text(json, "id"), RecordFields.integer(json, "port"), RecordFields.whole(json, "registered"),
                RecordFields.whole(json, "deregistered"), RecordFields.whole(json, "checked"), RecordFields.text(json, "state"),
                RecordFields.text(json, "reason"), RecordFields.text(json, "description"), passes == null ? 0 : passes,
                failures == null ? 0 : failures, Boolean.TRUE.equals(json.get("failInjected")));
    }
}
