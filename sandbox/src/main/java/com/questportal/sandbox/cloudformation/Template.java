package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed, structurally checked template: the sections CloudFormation knows, each resource with
 * a type, every reference resolvable, every function known, and no dependency cycle.
 */
public record Template(
        String description,
        Map<String, Map<String, Object>> parameters,
        Map<String, Object> mappings,
        Map<String, Object> conditions,
        Map<String, Object> rules,
        Map<String, Resource> resources,
        Map<String, Object> outputs,
        Map<String, Object> raw) {

    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata", "Parameters",
            "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs");

    /** One resource as declared. */
    public record Resource(String logicalId, String type, Map<String, Object> properties, Set<String> dependsOn,
                           String condition, String deletionPolicy, String updateReplacePolicy) {
    }

    public static Template parse(String body) {
        return of(TemplateYaml.parse(body));
    }

    static Template of(Map<String, Object> raw) {
        Set<String> unknown = new LinkedHashSet<>(raw.keySet());
        unknown.removeAll(SECTIONS);
        if (!unknown.isEmpty()) {
            throw formatError("Invalid template property or properties " + unknown);
        }
        Object version = raw.get("AWSTemplateFormatVersion");
        if (version != null && !"2010-09-09".equals(String.valueOf(version))) {
            throw formatError("'" + version + "' is not a valid template version");
        }
        Map<String, Object> resourceSection = section(raw, "Resources");
        if (resourceSection.isEmpty()) {
            throw formatError("At least one Resources member must be defined.");
        }
        Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
        section(raw, "Parameters").forEach((name, declaration) -> {
            Map<String, Object> parameter = asMap(declaration, "Parameters/" + name);
            if (!parameter.containsKey("Type")) {
                throw formatError("Every Parameters object must contain a Type member.");
            }
            parameters.put(name, parameter);
        });
        Map<String, Resource> resources = new LinkedHashMap<>();
        resourceSection.forEach((logicalId, declaration) -> resources.put(logicalId, resource(logicalId, declaration)));
        Template template = new Template(raw.get("Description") == null ? null : raw.get("Description").toString(), parameters,
                section(raw, "Mappings"), section(raw, "Conditions"), section(raw, "Rules"), resources, section(raw, "Outputs"), raw);
        References.check(template);
        DependencyGraph.of(template).creationOrder();
        return template;
    }

    private static Resource resource(String logicalId, Object declaration) {
        Map<String, Object> resource = asMap(declaration, "Resources/" + logicalId);
        Object type = resource.get("Type");
        if (!(type instanceof String typeName) || typeName.isBlank()) {
            throw formatError("[/Resources/" + logicalId + "] Every Resources object must contain a Type member.");
        }
        Object properties = resource.getOrDefault("Properties", Map.of());
        Set<String> dependsOn = new LinkedHashSet<>();
        Object declared = resource.get("DependsOn");
        if (declared instanceof String single) {
            dependsOn.add(single);
        } else if (declared instanceof List<?> many) {
            many.forEach(dependency -> dependsOn.add(String.valueOf(dependency)));
        }
        return new Resource(logicalId, typeName, asMap(properties, "Resources/" + logicalId + "/Properties"), dependsOn,
                (String) resource.get("Condition"), (String) resource.get("DeletionPolicy"),
                (String) resource.get("UpdateReplacePolicy"));
    }

    private static Map<String, Object> section(Map<String, Object> raw, String name) {
        Object value = raw.get(name);
        return value == null ? Map.of() : asMap(value, name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw formatError("[/" + where + "] must be a mapping.");
        }
        return (Map<String, Object>) value;
    }

    static AwsServiceException formatError(String message) {
        return AwsServiceException.badRequest("ValidationError", "Template format error: " + message);
    }

    static AwsServiceException templateError(String message) {
        return AwsServiceException.badRequest("ValidationError", "Template error: " + message);
    }
}
