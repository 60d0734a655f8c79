package com.questportal.sandbox.cloudformation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One resource of a stack as it stands: its physical id, status, the properties it was made with. */
final class StackResourceState {

    final String logicalId;
    final String type;
    String physicalId;
    String status;
    String reason;
    Map<String, Object> properties;
    Map<String, String> attributes;
    Instant updated;

    StackResourceState(String logicalId, String type) {
        this.logicalId = logicalId;
        this.type = type;
        this.properties = Map.of();
        this.attributes = Map.of();
    }

    ResourceProvider.Provisioned provisioned() {
        return new ResourceProvider.Provisioned(physicalId, attributes);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("logicalId", logicalId);
        map.put("type", type);
        map.put("physicalId", physicalId);
        map.put("status", status);
        map.put("reason", reason);
        map.put("properties", properties);
        map.put("attributes", attributes);
        map.put("updated", updated == null ? null : updated.toString());
        return map;
    }

    @SuppressWarnings("unchecked")
    static StackResourceState fromMap(Map<String, Object> map) {
        StackResourceState resource = new StackResourceState((String) map.get("logicalId"), (String) map.get("type"));
        resource.physicalId = (String) map.get("physicalId");
        resource.status = (String) map.get("status");
        resource.reason = (String) map.get("reason");
        resource.properties = (Map<String, Object>) map.get("properties");
        resource.attributes = (Map<String, String>) map.get("attributes");
        resource.updated = map.get("updated") == null ? null : Instant.parse((String) map.get("updated"));
        return resource;
    }
}
