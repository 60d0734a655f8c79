package com.questportal.sandbox.cloudformation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation's intrinsic functions over a piece of template, against a scope that
 * knows parameters, pseudo-parameters, resources' physical ids and attributes, and conditions.
 */
public final class Intrinsics {

    /** What the functions look up; each lookup fails with AWS's error when the name is unknown. */
    public interface Scope {

        Object ref(String name);

        Object getAtt(String logicalId, String attribute);

        boolean condition(String name);

        List<String> availabilityZones(String region);

        String importValue(String exportName);

        String region();
    }

    /** Marks a property that {@code Ref: AWS::NoValue} removed. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> mappings;
    private final Scope scope;

    public Intrinsics(Map<String, Object> mappings, Scope scope) {
        this.mappings = mappings;
        this.scope = scope;
    }

    /** The value with every function applied; maps and lists drop members that evaluated to {@link #NO_VALUE}. */
    public Object evaluate(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                    return function(key, only.getValue());
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                Object evaluated = evaluate(value);
                if (evaluated != NO_VALUE) {
                    result.put(String.valueOf(key), evaluated);
                }
            });
            return result;
        }
        if (node instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            list.forEach(element -> {
                Object evaluated = evaluate(element);
                if (evaluated != NO_VALUE) {
                    result.add(evaluated);
                }
            });
            return result;
        }
        return node;
    }

    public boolean isTrue(Object node) {
        Object value = evaluate(node);
        if (value instanceof Boolean flag) {
            return flag;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw Template.templateError("a condition must evaluate to true or false, not " + value);
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> String.valueOf(argument).equals("AWS::NoValue") ? NO_VALUE : scope.ref(String.valueOf(argument));
            case "Condition" -> scope.condition(String.valueOf(argument));
            case "Fn::GetAtt" -> getAtt(argument);
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> join(arguments(name, argument, 2));
            case "Fn::Select" -> select(arguments(name, argument, 2));
            case "Fn::Split" -> split(arguments(name, argument, 2));
            case "Fn::GetAZs" -> scope.availabilityZones(text(evaluate(argument)).isEmpty() ? scope.region() : text(evaluate(argument)));
            case "Fn::If" -> {
                List<?> branches = arguments(name, argument, 3);
                yield evaluate(scope.condition(String.valueOf(branches.get(0))) ? branches.get(1) : branches.get(2));
            }
            case "Fn::Equals" -> {
                List<?> sides = arguments(name, argument, 2);
                yield text(evaluate(sides.get(0))).equals(text(evaluate(sides.get(1))));
            }
            case "Fn::And" -> list(name, argument).stream().allMatch(this::isTrue);
            case "Fn::Or" -> list(name, argument).stream().anyMatch(this::isTrue);
            case "Fn::Not" -> !isTrue(arguments(name, argument, 1).get(0));
            case "Fn::Contains" -> {
                List<?> sides = arguments(name, argument, 2);
                Object needle = text(evaluate(sides.get(1)));
                yield list(name, evaluate(sides.get(0))).stream().map(Intrinsics::text).anyMatch(needle::equals);
            }
            case "Fn::FindInMap" -> findInMap(arguments(name, argument, 3));
            case "Fn::ImportValue" -> scope.importValue(text(evaluate(argument)));
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(text(evaluate(argument)).getBytes(StandardCharsets.UTF_8));
            case "Fn::Cidr" -> cidr(arguments(name, argument, 3));
            default -> throw Template.templateError("Encountered unsupported function: " + name);
        };
    }

    private Object getAtt(Object argument) {
        List<?> parts = argument instanceof String dotted ? List.of(dotted.split("\\.", 2)) : list("Fn::GetAtt", argument);
        if (parts.size() != 2) {
            throw Template.templateError("every Fn::GetAtt object requires two non-empty parameters");
        }
        return scope.getAtt(String.valueOf(parts.get(0)), text(evaluate(parts.get(1))));
    }

    private String sub(Object argument) {
        String template;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> form) {
            if (form.size() != 2 || !(form.get(1) instanceof Map<?, ?>)) {
                throw Template.templateError("One or more Fn::Sub intrinsic functions don't specify expected arguments. "
                        + "Specify a string as first argument, and an optional second argument to specify a mapping of values.");
            }
            template = text(form.get(0));
            variables = new LinkedHashMap<>();
            for (Map.Entry<?, ?> variable : ((Map<?, ?>) form.get(1)).entrySet()) {
                variables.put(String.valueOf(variable.getKey()), evaluate(variable.getValue()));
            }
        } else {
            template = text(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable.trim())) {
                replacement = text(variables.get(variable.trim()));
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                replacement = text(scope.getAtt(variable.substring(0, dot).trim(), variable.substring(dot + 1).trim()));
            } else {
                replacement = text(scope.ref(variable.trim()));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String join(List<?> arguments) {
        String delimiter = text(evaluate(arguments.get(0)));
        List<String> parts = new ArrayList<>();
        list("Fn::Join", evaluate(arguments.get(1))).forEach(part -> parts.add(text(part)));
        return String.join(delimiter, parts);
    }

    private Object select(List<?> arguments) {
        int index;
        try {
            index = Integer.parseInt(text(evaluate(arguments.get(0))));
        } catch (NumberFormatException e) {
            throw Template.templateError("Fn::Select requires a numeric index");
        }
        List<?> values = list("Fn::Select", evaluate(arguments.get(1)));
        if (index < 0 || index >= values.size()) {
            throw Template.templateError("Fn::Select cannot select nonexistent value at index " + index);
        }
        return values.get(index);
    }

    private List<String> split(List<?> arguments) {
        String delimiter = text(evaluate(arguments.get(0)));
        return List.of(text(evaluate(arguments.get(1))).split(Pattern.quote(delimiter), -1));
    }

    private Object findInMap(List<?> arguments) {
        String mapName = text(evaluate(arguments.get(0)));
        String topKey = text(evaluate(arguments.get(1)));
        String secondKey = text(evaluate(arguments.get(2)));
        Object map = mappings.get(mapName);
        if (!(map instanceof Map<?, ?> top) || !(top.get(topKey) instanceof Map<?, ?> second) || !second.containsKey(secondKey)) {
            throw Template.templateError("Unable to get mapping for " + mapName + "::" + topKey + "::" + secondKey);
        }
        return second.get(secondKey);
    }

    private List<String> cidr(List<?> arguments) {
        String block = text(evaluate(arguments.get(0)));
        int count = Integer.parseInt(text(evaluate(arguments.get(1))));
        int hostBits = Integer.parseInt(text(evaluate(arguments.get(2))));
        return Cidr.subnets(block, count, hostBits);
    }

    private List<?> arguments(String function, Object argument, int count) {
        List<?> arguments = list(function, argument);
        if (arguments.size() != count) {
            throw Template.templateError(function + " requires " + count + " argument" + (count == 1 ? "" : "s")
                    + ", was given " + arguments.size());
        }
        return arguments;
    }

    private static List<?> list(String function, Object argument) {
        if (!(argument instanceof List<?> list)) {
            throw Template.templateError(function + " requires a list argument");
        }
        return list;
    }

    /** CloudFormation compares and joins values as strings: numbers and booleans as written. */
    static String text(Object value) {
        if (value instanceof Double number && number == Math.rint(number)) {
            return Long.toString(number.longValue());
        }
        return String.valueOf(value);
    }
}
