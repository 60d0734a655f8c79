package com.questportal.sandbox.cloudformation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What executing a template with parameters would do to a stack, resource by resource: Add,
 * Modify (replacing or in place, with the properties that differ) or Remove, as a change set says.
 */
final class ChangePlanner {

    /** The value of a reference to a resource that will only exist, or change, once the change set runs. */
    static final String KNOWN_AFTER_APPLY = "{{changeSet:KNOWN_AFTER_APPLY}}";

    /** One planned change, in the shape a persisted change set keeps. */
    record Change(String action, String logicalId, String physicalId, String type, String replacement,
                  List<Map<String, Object>> details) {

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("action", action);
            map.put("logicalId", logicalId);
            map.put("physicalId", physicalId);
            map.put("type", type);
            map.put("replacement", replacement);
            map.put("details", details);
            return map;
        }

        @SuppressWarnings("unchecked")
        static Change fromMap(Map<String, Object> map) {
            return new Change((String) map.get("action"), (String) map.get("logicalId"), (String) map.get("physicalId"),
                    (String) map.get("type"), (String) map.get("replacement"), (List<Map<String, Object>>) map.get("details"));
        }
    }

    private final Map<String, ResourceProvider> providers;

    ChangePlanner(Map<String, ResourceProvider> providers) {
        this.providers = providers;
    }

    List<Change> plan(Template template, Map<String, String> parameters, Map<String, String> pseudo,
                      Map<String, StackResourceState> current, java.util.function.Function<String, String> exports) {
        ResourceScope scope = new ResourceScope(template, parameters, pseudo, current, exports);
        List<Change> changes = new ArrayList<>();
        Set<String> kept = new LinkedHashSet<>();
        for (String logicalId : DependencyGraph.of(template).creationOrder()) {
            Template.Resource declared = template.resources().get(logicalId);
            if (!scope.isIncluded(declared)) {
                continue;
            }
            StackResourceState existing = current.get(logicalId);
            if (existing == null || existing.physicalId == null) {
                scope.knownAfterApply(logicalId);
                changes.add(new Change("Add", logicalId, null, declared.type(), null, List.of()));
                continue;
            }
            kept.add(logicalId);
            @SuppressWarnings("unchecked")
            Map<String, Object> proposed = (Map<String, Object>) scope.intrinsics().evaluate(declared.properties());
            if (!existing.type.equals(declared.type())) {
                scope.knownAfterApply(logicalId);
                changes.add(new Change("Modify", logicalId, existing.physicalId, declared.type(), "True", List.of()));
                continue;
            }
            Set<String> differing = new LinkedHashSet<>(proposed.keySet());
            differing.addAll(existing.properties.keySet());
            differing.removeIf(name -> Objects.equals(proposed.get(name), existing.properties.get(name)));
            if (differing.isEmpty()) {
                continue;
            }
            Set<String> replacing = providers.get(declared.type()).replacingProperties();
            List<Map<String, Object>> details = new ArrayList<>();
            boolean replaces = false;
            boolean maybe = false;
            for (String name : differing) {
                boolean recreates = replacing.contains(name);
                boolean unknown = String.valueOf(proposed.get(name)).contains(KNOWN_AFTER_APPLY);
                replaces |= recreates && !unknown;
                maybe |= recreates && unknown;
                details.add(Map.of("name", name, "requiresRecreation", recreates ? "Always" : "Never",
                        "evaluation", unknown ? "Dynamic" : "Static"));
            }
            String replacement = replaces ? "True" : maybe ? "Conditional" : "False";
            if (!replacement.equals("False")) {
                scope.knownAfterApply(logicalId);
            }
            changes.add(new Change("Modify", logicalId, existing.physicalId, declared.type(), replacement, details));
        }
        current.forEach((logicalId, resource) -> {
            if (!kept.contains(logicalId) && resource.physicalId != null) {
                changes.add(new Change("Remove", logicalId, resource.physicalId, resource.type, null, List.of()));
            }
        });
        return changes;
    }
}
