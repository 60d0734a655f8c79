package com.questportal.sandbox.cloudformation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds what a piece of template refers to, and checks that every reference and function exists. */
final class References {

    static final Set<String> FUNCTIONS = Set.of("Ref", "Condition", "Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAtt",
            "Fn::GetAZs", "Fn::ImportValue", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Sub", "Fn::If", "Fn::Equals",
            "Fn::And", "Fn::Or", "Fn::Not", "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll",
            "Fn::ValueOf", "Fn::ValueOfAll", "Fn::Length", "Fn::ToJsonString", "Fn::Transform");
    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    private References() {
    }

    /** The resources a piece of template depends on: Ref, Fn::GetAtt and Fn::Sub variables that name resources. */
    static Set<String> resourcesIn(Object node, Set<String> resourceIds) {
        Set<String> found = new LinkedHashSet<>();
        walk(node, (kind, name) -> {
            if (resourceIds.contains(name)) {
                found.add(name);
            }
        });
        return found;
    }

    /** Structural checks CloudFormation makes before it creates anything. */
    static void check(Template template) {
        Set<String> resources = template.resources().keySet();
        Set<String> parameters = template.parameters().keySet();
        List<String> unresolved = new ArrayList<>();
        template.resources().values().forEach(resource -> {
            walk(resource.properties(), (kind, name) -> {
                if (kind.equals("Condition")) {
                    requireCondition(template, name);
                } else if (kind.equals("GetAtt") && !resources.contains(name)) {
                    throw Template.templateError("instance of Fn::GetAtt references undefined resource " + name);
                } else if (!resources.contains(name) && !parameters.contains(name) && !PSEUDO_PARAMETERS.contains(name)) {
                    unresolved.add(name);
                }
            });
            resource.dependsOn().stream().filter(dependency -> !resources.contains(dependency)).forEach(unresolved::add);
            if (resource.condition() != null && !template.conditions().containsKey(resource.condition())) {
                throw Template.formatError("Unresolved dependencies [" + resource.condition() + "]. Cannot reference "
                        + "resources in the Conditions block of the template");
            }
        });
        if (!unresolved.isEmpty()) {
            throw Template.formatError("Unresolved resource dependencies " + new LinkedHashSet<>(unresolved)
                    + " in the Resources block of the template");
        }
        template.outputs().forEach((name, output) -> walk(output, (kind, target) -> {
            if (kind.equals("Condition")) {
                requireCondition(template, target);
            } else if (!resources.contains(target) && !parameters.contains(target) && !PSEUDO_PARAMETERS.contains(target)) {
                throw Template.formatError("Unresolved resource dependencies [" + target + "] in the Outputs block of the template");
            }
        }));
        template.conditions().forEach((name, condition) -> walk(condition, (kind, target) -> {
            if (kind.equals("Condition") ? !template.conditions().containsKey(target)
                    : !parameters.contains(target) && !PSEUDO_PARAMETERS.contains(target)) {
                throw Template.formatError("Unresolved dependencies [" + target + "]. Cannot reference resources in the "
                        + "Conditions block of the template");
            }
        }));
    }

    private static void requireCondition(Template template, String name) {
        if (!template.conditions().containsKey(name)) {
            throw Template.formatError("Unresolved dependencies [" + name + "]. Cannot reference resources in the "
                    + "Conditions block of the template");
        }
    }

    interface Visitor {
        void reference(String kind, String name);
    }

    /** Visits every reference in a node and refuses unknown functions. */
    static void walk(Object node, Visitor visitor) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.startsWith("Fn::") && !FUNCTIONS.contains(key)) {
                    throw Template.templateError("Encountered unsupported function: " + key);
                }
                if (key.equals("Ref") && only.getValue() instanceof String name) {
                    visitor.reference("Ref", name);
                    return;
                }
                if (key.equals("Condition") && only.getValue() instanceof String name) {
                    visitor.reference("Condition", name);
                    return;
                }
                if (key.equals("Fn::GetAtt") && only.getValue() instanceof List<?> parts && !parts.isEmpty()) {
                    visitor.reference("GetAtt", String.valueOf(parts.get(0)));
                    return;
                }
                if (key.equals("Fn::Sub")) {
                    sub(only.getValue(), visitor);
                    return;
                }
                if (key.equals("Fn::If") && only.getValue() instanceof List<?> branches && !branches.isEmpty()) {
                    visitor.reference("Condition", String.valueOf(branches.get(0)));
                    branches.subList(1, branches.size()).forEach(branch -> walk(branch, visitor));
                    return;
                }
            }
            map.values().forEach(value -> walk(value, visitor));
        } else if (node instanceof List<?> list) {
            list.forEach(element -> walk(element, visitor));
        }
    }

    private static void sub(Object argument, Visitor visitor) {
        String text;
        Set<String> local = Set.of();
        if (argument instanceof List<?> form && form.size() == 2 && form.get(1) instanceof Map<?, ?> variables) {
            text = String.valueOf(form.get(0));
            local = new LinkedHashSet<>();
            for (Map.Entry<?, ?> variable : variables.entrySet()) {
                local.add(String.valueOf(variable.getKey()));
                walk(variable.getValue(), visitor);
            }
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        while (matcher.find()) {
            String variable = matcher.group(1).trim();
            if (local.contains(variable)) {
                continue;
            }
            int dot = variable.indexOf('.');
            if (dot > 0 && !variable.startsWith("AWS::")) {
                visitor.reference("GetAtt", variable.substring(0, dot));
            } else {
                visitor.reference("Ref", variable);
            }
        }
    }
}
