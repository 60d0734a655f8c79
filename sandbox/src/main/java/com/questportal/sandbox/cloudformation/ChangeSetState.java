package com.questportal.sandbox.cloudformation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A change set: the template and parameters it would run, and the changes that would make. */
final class ChangeSetState {

    final String id;
    final String name;
    final String type;
    final String description;
    final String templateBody;
    final Map<String, String> parameters;
    final List<String> capabilities;
    final Instant created;
    String status;
    String statusReason;
    String executionStatus;
    final List<ChangePlanner.Change> changes = new ArrayList<>();

    ChangeSetState(String id, String name, String type, String description, String templateBody, Map<String, String> parameters,
                   List<String> capabilities, Instant created) {
        this.id = id;
        this.name = name;
        this.type = type;
        this.description = description;
        this.templateBody = templateBody;
        this.parameters = parameters;
        this.capabilities = capabilities;
        this.created = created;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("name", name);
        map.put("type", type);
        map.put("description", description);
        map.put("templateBody", templateBody);
        map.put("parameters", parameters);
        map.put("capabilities", capabilities);
        map.put("created", created.toString());
        map.put("status", status);
        map.put("statusReason", statusReason);
        map.put("executionStatus", executionStatus);
        map.put("changes", changes.stream().map(ChangePlanner.Change::toMap).toList());
        return map;
    }

    @SuppressWarnings("unchecked")
    static ChangeSetState fromMap(Map<String, Object> map) {
        ChangeSetState changeSet = new ChangeSetState((String) map.get("id"), (String) map.get("name"), (String) map.get("type"),
                (String) map.get("description"), (String) map.get("templateBody"),
                new LinkedHashMap<>((Map<String, String>) map.get("parameters")), (List<String>) map.get("capabilities"),
                Instant.parse((String) map.get("created")));
        changeSet.status = (String) map.get("status");
        changeSet.statusReason = (String) map.get("statusReason");
        changeSet.executionStatus = (String) map.get("executionStatus");
        ((List<Map<String, Object>>) map.get("changes")).forEach(change -> changeSet.changes.add(ChangePlanner.Change.fromMap(change)));
        return changeSet;
    }
}
