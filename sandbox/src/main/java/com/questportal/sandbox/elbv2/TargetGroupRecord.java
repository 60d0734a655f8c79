package com.questportal.sandbox.elbv2;

import java.util.LinkedHashMap;
import java.util.Map;

/** A target group as the sandbox's ELBv2 holds it: immutable, replaced whole when its health check or attributes change. */
record TargetGroupRecord(String arn, String name, String fullName, String protocol, Integer port, String vpcId, String targetType,
                         HealthCheck healthCheck, Map<String, String> attributes) {

    /** How the group checks its targets: path, interval and timeout in seconds, thresholds, the HTTP code that passes. */
    record HealthCheck(String path, int intervalSeconds, int timeoutSeconds, int healthyThreshold, int unhealthyThreshold, String matcher) {

        /** From the settings CloudFormation and the API give (HealthCheckPath, HealthCheckIntervalSeconds...), with ELBv2's defaults. */
        static HealthCheck of(Map<String, Object> settings) {
            int interval = LoadBalancing.integer(settings.get("HealthCheckIntervalSeconds"), 30);
            int timeout = LoadBalancing.integer(settings.get("HealthCheckTimeoutSeconds"), 5);
            if (timeout >= interval) {
                throw LoadBalancing.error("ValidationError", "Health check interval must be greater than the timeout.");
            }
            return new HealthCheck(String.valueOf(settings.getOrDefault("HealthCheckPath", "/")), interval, timeout,
                    LoadBalancing.integer(settings.get("HealthyThresholdCount"), 5), LoadBalancing.integer(settings.get("UnhealthyThresholdCount"), 2),
                    String.valueOf(settings.getOrDefault("Matcher", "200")));
        }
    }

    TargetGroupRecord {
        attributes = RecordFields.ordered(attributes);
    }

    TargetGroupRecord withHealthCheck(HealthCheck changed) {
        return new TargetGroupRecord(arn, name, fullName, protocol, port, vpcId, targetType, changed, attributes);
    }

    TargetGroupRecord withAttributes(Map<String, String> changes) {
        Map<String, String> changed = new LinkedHashMap<>(attributes);
        changed.putAll(changes);
        return new TargetGroupRecord(arn, name, fullName, protocol, port, vpcId, targetType, healthCheck, changed);
    }

    int deregistrationDelaySeconds() {
        return LoadBalancing.integer(attributes.get("deregistration_delay.timeout_seconds"), 300);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("arn", arn);
        json.put("name", name);
        json.put("fullName", fullName);
        json.put("protocol", protocol);
        json.put("port", port);
        json.put("vpcId", vpcId);
        json.put("targetType", targetType);
        json.put("healthCheckPath", healthCheck.path());
        json.put("healthCheckInterval", healthCheck.intervalSeconds());
        json.put("healthCheckTimeout", healthCheck.timeoutSeconds());
        json.put("healthyThreshold", healthCheck.healthyThreshold());
        json.put("unhealthyThreshold", healthCheck.unhealthyThreshold());
        json.put("matcher", healthCheck.matcher());
        json.put("attributes", attributes);
        return json;
    }

    static TargetGroupRecord fromJson(Map<String, Object> json) {
        HealthCheck healthCheck = new HealthCheck(RecordFields.text(json, "healthCheckPath"), RecordFields.integer(json, "healthCheckInterval"),
                RecordFields.integer(json, "healthCheckTimeout"), RecordFields.integer(json, "healthyThreshold"),
                RecordFields.integer(json, "unhealthyThreshold"), RecordFields.text(json, "matcher"));
        return new TargetGroupRecord(RecordFields.text(json, "arn"), RecordFields.text(json, "name"), RecordFields.text(json, "fullName"),
                RecordFields.text(json, "protocol"), RecordFields.integer(json, "port"), RecordFields.text(json, "vpcId"),
                RecordFields.text(json, "targetType"), healthCheck, RecordFields.textMap(json, "attributes"));
    }
}
