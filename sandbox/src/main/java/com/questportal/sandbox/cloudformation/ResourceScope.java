package com.questportal.sandbox.cloudformation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** What a resource's properties can refer to while a stack runs: parameters, pseudo-parameters, resources, conditions, exports. */
final class ResourceScope implements Intrinsics.Scope {

    private final Template template;
    private final Map<String, String> parameters;
    private final Map<String, String> pseudo;
    private final Map<String, StackResourceState> resources;
    private final Function<String, String> exports;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Set<String> knownAfterApply = new HashSet<>();

    ResourceScope(Template template, Map<String, String> parameters, Map<String, String> pseudo,
                  Map<String, StackResourceState> resources, Function<String, String> exports) {
        this.template = template;
        this.parameters = parameters;
        this.pseudo = pseudo;
        this.resources = resources;
        this.exports = exports;
    }

    /** For planning: references to these resources resolve to {@link ChangePlanner#KNOWN_AFTER_APPLY}. */
    void knownAfterApply(String logicalId) {
        knownAfterApply.add(logicalId);
    }

    Intrinsics intrinsics() {
        return new Intrinsics(template.mappings(), this);
    }

    @Override
    public Object ref(String name) {
        if (parameters.containsKey(name)) {
            String value = parameters.get(name);
            String type = String.valueOf(template.parameters().get(name).get("Type"));
            return type.startsWith("List<") || type.equals("CommaDelimitedList") ? List.of(value.split(",")) : value;
        }
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        if (knownAfterApply.contains(name)) {
            return ChangePlanner.KNOWN_AFTER_APPLY;
        }
        StackResourceState resource = resources.get(name);
        if (resource != null && resource.physicalId != null) {
            return resource.physicalId;
        }
        throw Template.templateError("Unresolved resource dependencies [" + name + "]");
    }

    @Override
    public Object getAtt(String logicalId, String attribute) {
        if (knownAfterApply.contains(logicalId)) {
            return ChangePlanner.KNOWN_AFTER_APPLY;
        }
        StackResourceState resource = resources.get(logicalId);
        if (resource == null || resource.physicalId == null) {
            throw Template.templateError("instance of Fn::GetAtt references undefined resource " + logicalId);
        }
        String value = resource.attributes.get(attribute);
        if (value == null) {
            throw Template.templateError("resource " + logicalId + " does not support attribute type " + attribute + " in Fn::GetAtt");
        }
        return value;
    }

    @Override
    public boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        if (!template.conditions().containsKey(name)) {
            throw Template.formatError("Unresolved dependencies [" + name + "]. Cannot reference resources in the Conditions block of the template");
        }
        boolean value = intrinsics().isTrue(template.conditions().get(name));
        conditions.put(name, value);
        return value;
    }

    @Override
    public List<String> availabilityZones(String region) {
        return List.of(region + "a", region + "b", region + "c");
    }

    @Override
    public String importValue(String exportName) {
        String value = exports.apply(exportName);
        if (value == null) {
            throw Template.templateError("No export named " + exportName + " found.");
        }
        return value;
    }

    @Override
    public String region() {
        return pseudo.get("AWS::Region");
    }

    boolean isIncluded(Template.Resource resource) {
        return resource.condition() == null || condition(resource.condition());
    }
}
