package com.questportal.sandbox.cloudformation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * @param previous the parameters the stack has now, to tell a property changed by a parameter from one
     *                 changed by a template edit
     */
    List<Change> plan(Template template, Map<String, String> parameters, Map<String, String> previous, Map<String, String> pseudo,
                      Map<String, StackResourceState> current, java.util.function.Function<String, String> exports) {
        ResourceScope scope = new ResourceScope(template, parameters, pseudo, current, exports);
        List<Change> changes = new ArrayList<>();
        Set<String> kept = new LinkedHashSet<>();
        Set<String> changedResources = new LinkedHashSet<>();
        for (String logicalId : DependencyGraph.of(template).creationOrder()) {
            Template.Resource declared = template.resources().get(logicalId);
            if (!scope.isIncluded(declared)) {
                continue;
            }
            StackResourceState existing = current.get(logicalId);
            if (existing == null || existing.physicalId == null) {
                scope.knownAfterApply(logicalId);
                changedResources.add(logicalId);
                changes.add(new Change("Add", logicalId, null, declared.type(), null, List.of()));
                continue;
            }
            kept.add(logicalId);
            @SuppressWarnings("unchecked")
            Map<String, Object> proposed = (Map<String, Object>) scope.intrinsics().evaluate(declared.properties());
            if (!existing.type.equals(declared.type())) {
                scope.knownAfterApply(logicalId);
                changedResources.add(logicalId);
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
                for (Cause cause : causes(declared.properties().get(name), parameters, previous, changedResources)) {
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("name", name);
                    detail.put("requiresRecreation", recreates ? "Always" : "Never");
                    detail.put("evaluation", unknown ? "Dynamic" : "Static");
                    detail.put("changeSource", cause.source());
                    detail.put("causingEntity", cause.entity());
                    details.add(detail);
                }
            }
            changedResources.add(logicalId);
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

    /** Why a property changes, as a change set's detail names it: {@code ChangeSource} and {@code CausingEntity}. */
    record Cause(String source, String entity) {
    }

    /**
     * The causes CloudFormation gives a changed property: each parameter it references whose value changes
     * ({@code ParameterReference}), each changed resource it references by Ref ({@code ResourceReference}) or
     * GetAtt ({@code ResourceAttribute}, "Resource.Attribute"); a change none of them explains is the template's
     * own ({@code DirectModification}).
     */
    static List<Cause> causes(Object expression, Map<String, String> parameters, Map<String, String> previous, Set<String> changed) {
        Set<Cause> causes = new LinkedHashSet<>();
        for (String reference : references(expression)) {
            String resource = reference.contains(".") ? reference.substring(0, reference.indexOf('.')) : reference;
            if (!reference.contains(".") && parameters.containsKey(reference)
                    && !Objects.equals(parameters.get(reference), previous.get(reference))) {
                causes.add(new Cause("ParameterReference", reference));
            } else if (changed.contains(resource)) {
                causes.add(new Cause(reference.contains(".") ? "ResourceAttribute" : "ResourceReference", reference));
            }
        }
        return causes.isEmpty() ? List.of(new Cause("DirectModification", null)) : List.copyOf(causes);
    }

    /** Every name the expression references: "X" for Ref X and ${X}, "R.A" for Fn::GetAtt and ${R.A}. */
    private static Set<String> references(Object expression) {
        Set<String> found = new LinkedHashSet<>();
        if (expression instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("Ref".equals(key) && value instanceof String name) {
                    found.add(name);
                } else if ("Fn::GetAtt".equals(key)) {
                    found.add(value instanceof List<?> parts && parts.size() == 2 ? parts.get(0) + "." + parts.get(1) : String.valueOf(value));
                } else if ("Fn::Sub".equals(key)) {
                    Object text = value instanceof List<?> parts && !parts.isEmpty() ? parts.get(0) : value;
                    Matcher matcher = SUBSTITUTION.matcher(String.valueOf(text));
                    while (matcher.find()) {
                        if (!matcher.group(1).startsWith("AWS::")) {
                            found.add(matcher.group(1));
                        }
                    }
                    if (value instanceof List<?> parts && parts.size() > 1) {
                        found.addAll(references(parts.get(1)));
                    }
                } else {
                    found.addAll(references(value));
                }
            });
        } else if (expression instanceof List<?> list) {
            list.forEach(element -> found.addAll(references(element)));
        }
        return found;
    }

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^!}][^}]*)}");
}
