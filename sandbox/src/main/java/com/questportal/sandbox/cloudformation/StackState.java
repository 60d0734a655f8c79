package com.questportal.sandbox.cloudformation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack and its history: status, template, parameters, resources, outputs and every event.
 * Guarded by its own monitor; the runner changes it, the API reads it.
 */
final class StackState {

    /** One stack event, as DescribeStackEvents returns it. */
    record Event(String eventId, String logicalId, String physicalId, String type, String status, String reason,
                 Instant timestamp) {

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("eventId", eventId);
            map.put("logicalId", logicalId);
            map.put("physicalId", physicalId);
            map.put("type", type);
            map.put("status", status);
            map.put("reason", reason);
            map.put("timestamp", timestamp.toString());
            return map;
        }

        static Event fromMap(Map<String, Object> map) {
            return new Event((String) map.get("eventId"), (String) map.get("logicalId"), (String) map.get("physicalId"),
                    (String) map.get("type"), (String) map.get("status"), (String) map.get("reason"),
                    Instant.parse((String) map.get("timestamp")));
        }
    }

    final String stackId;
    final String stackName;
    final Instant created;
    String status;
    String statusReason;
    String templateBody;
    Map<String, String> parameters;
    List<String> capabilities;
    Instant lastUpdated;
    Instant deleted;
    /** Read by a provider's wait on another thread: see {@link ResourceProvider.Context#cancelRequested()}. */
    volatile boolean cancelRequested;
    final Map<String, StackResourceState> resources = new LinkedHashMap<>();
    final Map<String, String> outputs = new LinkedHashMap<>();
    final Map<String, String> exports = new LinkedHashMap<>();
    final List<Event> events = new ArrayList<>();
    final Map<String, ChangeSetState> changeSets = new LinkedHashMap<>();
    /**
     * What the stack was before the update in progress (template, parameters, resources), kept on disk
     * so that an update the sandbox was stopped in can still be rolled back; null outside an update.
     */
    UpdateBaseline baseline;
    /** The last drift detection's verdict (IN_SYNC or DRIFTED) and time; null before the first. */
    String driftStatus;
    Instant driftCheckedAt;

    /** The stack as it stood when an update began. */
    record UpdateBaseline(String templateBody, Map<String, String> parameters, Map<String, StackResourceState> resources) {

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("templateBody", templateBody);
            map.put("parameters", parameters);
            map.put("resources", resources.values().stream().map(StackResourceState::toMap).toList());
            return map;
        }

        @SuppressWarnings("unchecked")
        static UpdateBaseline fromMap(Map<String, Object> map) {
            Map<String, StackResourceState> resources = new LinkedHashMap<>();
            ((List<Map<String, Object>>) map.get("resources")).forEach(resource -> {
                StackResourceState state = StackResourceState.fromMap(resource);
                resources.put(state.logicalId, state);
            });
            return new UpdateBaseline((String) map.get("templateBody"), (Map<String, String>) map.get("parameters"), resources);
        }
    }

    StackState(String stackId, String stackName, Instant created) {
        this.stackId = stackId;
        this.stackName = stackName;
        this.created = created;
    }

    private String parsedBody;
    private Template parsed;

    /** The template, parsed once per body: describing a stack must not re-read its YAML. */
    Template template() {
        if (parsed == null || !java.util.Objects.equals(parsedBody, templateBody)) {
            parsed = Template.parse(templateBody);
            parsedBody = templateBody;
        }
        return parsed;
    }

    /** The values of the AWS:: pseudo parameters for this stack in one account and region. */
    Map<String, String> pseudoParameters(String account, String region) {
        return Map.of("AWS::AccountId", account, "AWS::Region", region, "AWS::StackName", stackName,
                "AWS::StackId", stackId, "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");
    }

    boolean isInProgress() {
        return status.endsWith("_IN_PROGRESS");
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("stackId", stackId);
        map.put("stackName", stackName);
        map.put("created", created.toString());
        map.put("status", status);
        map.put("statusReason", statusReason);
        map.put("templateBody", templateBody);
        map.put("parameters", parameters);
        map.put("capabilities", capabilities);
        map.put("lastUpdated", lastUpdated == null ? null : lastUpdated.toString());
        map.put("deleted", deleted == null ? null : deleted.toString());
        map.put("resources", resources.values().stream().map(StackResourceState::toMap).toList());
        map.put("outputs", outputs);
        map.put("exports", exports);
        map.put("events", events.stream().map(Event::toMap).toList());
        map.put("changeSets", changeSets.values().stream().map(ChangeSetState::toMap).toList());
        map.put("baseline", baseline == null ? null : baseline.toMap());
        map.put("driftStatus", driftStatus);
        map.put("driftCheckedAt", driftCheckedAt == null ? null : driftCheckedAt.toString());
        return map;
    }

    @SuppressWarnings("unchecked")
    static StackState fromMap(Map<String, Object> map) {
        StackState stack = new StackState((String) map.get("stackId"), (String) map.get("stackName"),
                Instant.parse((String) map.get("created")));
        stack.status = (String) map.get("status");
        stack.statusReason = (String) map.get("statusReason");
        stack.templateBody = (String) map.get("templateBody");
        stack.parameters = new LinkedHashMap<>((Map<String, String>) map.get("parameters"));
        stack.capabilities = (List<String>) map.get("capabilities");
        stack.lastUpdated = map.get("lastUpdated") == null ? null : Instant.parse((String) map.get("lastUpdated"));
        stack.deleted = map.get("deleted") == null ? null : Instant.parse((String) map.get("deleted"));
        ((List<Map<String, Object>>) map.get("resources")).forEach(resource -> {
            StackResourceState state = StackResourceState.fromMap(resource);
            stack.resources.put(state.logicalId, state);
        });
        stack.outputs.putAll((Map<String, String>) map.get("outputs"));
        stack.exports.putAll((Map<String, String>) map.get("exports"));
        ((List<Map<String, Object>>) map.get("events")).forEach(event -> stack.events.add(Event.fromMap(event)));
        ((List<Map<String, Object>>) map.getOrDefault("changeSets", List.of())).forEach(document -> {
            ChangeSetState changeSet = ChangeSetState.fromMap(document);
            stack.changeSets.put(changeSet.name, changeSet);
        });
        stack.driftStatus = (String) map.get("driftStatus");
        stack.driftCheckedAt = map.get("driftCheckedAt") == null ? null : Instant.parse((String) map.get("driftCheckedAt"));
        if (map.get("baseline") instanceof Map<?, ?> baseline) {
            stack.baseline = UpdateBaseline.fromMap((Map<String, Object>) baseline);
        }
        return stack;
    }
}
