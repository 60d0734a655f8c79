package com.questportal.sandbox.elbv2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A load balancer as the sandbox's ELBv2 holds it: immutable, replaced whole when it changes. {@code localPort} is the
 * port its proxy serves, {@code zones} its subnets by id with their availability zones.
 */
record LoadBalancerRecord(String arn, String name, String fullName, int localPort, String dnsName, String scheme, String type,
                          String vpcId, Map<String, String> zones, List<String> securityGroups, long created,
                          Map<String, String> attributes) {

    LoadBalancerRecord {
        zones = RecordFields.ordered(zones);
        securityGroups = List.copyOf(securityGroups);
        attributes = RecordFields.ordered(attributes);
    }

    LoadBalancerRecord withAttributes(Map<String, String> changes) {
        Map<String, String> changed = new LinkedHashMap<>(attributes);
        changed.putAll(changes);
        return new LoadBalancerRecord(arn, name, fullName, localPort, dnsName, scheme, type, vpcId, zones, securityGroups, created, changed);
    }

    boolean deletionProtected() {
        return "true".equals(attributes.get("deletion_protection.enabled"));
    }

    int idleTimeoutSeconds() {
        return LoadBalancing.integer(attributes.get("idle_timeout.timeout_seconds"), 60);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("arn", arn);
        json.put("name", name);
        json.put("fullName", fullName);
        json.put("localPort", localPort);
        json.put("dnsName", dnsName);
        json.put("scheme", scheme);
        json.put("type", type);
        json.put("vpcId", vpcId);
        json.put("zones", zones);
        json.put("securityGroups", securityGroups);
        json.put("created", created);
        json.put("attributes", attributes);
        return json;
    }

    static LoadBalancerRecord fromJson(Map<String, Object> json) {
        return new LoadBalancerRecord(RecordFields.text(json, "arn"), RecordFields.text(json, "name"), RecordFields.text(json, "fullName"),
                RecordFields.integer(json, "localPort"), RecordFields.text(json, "dnsName"), RecordFields.text(json, "scheme"),
                RecordFields.text(json, "type"), RecordFields.text(json, "vpcId"), RecordFields.textMap(json, "zones"),
                RecordFields.texts(json, "securityGroups"), RecordFields.whole(json, "created"), RecordFields.textMap(json, "attributes"));
    }
}
