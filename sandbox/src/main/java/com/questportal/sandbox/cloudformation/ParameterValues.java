package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The values a stack runs with: the caller's, else the previous ones, else the defaults, each
 * checked against its declaration (type, pattern, allowed values, lengths, ranges), then the
 * template's Rules. Every failure is AWS's {@code ValidationError} in AWS's words.
 */
public final class ParameterValues {

    private ParameterValues() {
    }

    /**
     * @param given the values in the request
     * @param previous the values the stack has now, for {@code UsePreviousValue}; empty for a new stack
     * @param usePrevious the names the request asked to keep
     */
    public static Map<String, String> resolve(Template template, Map<String, String> given, Map<String, String> previous,
                                              Set<String> usePrevious, Map<String, String> pseudo) {
        Set<String> unknown = new LinkedHashSet<>(given.keySet());
        unknown.addAll(usePrevious);
        unknown.removeAll(template.parameters().keySet());
        if (!unknown.isEmpty()) {
            throw error("Parameters: " + unknown + " do not exist in the template");
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        template.parameters().forEach((name, declaration) -> {
            String value = given.containsKey(name) ? given.get(name)
                    : usePrevious.contains(name) ? previous.get(name)
                    : declaration.containsKey("Default") ? Intrinsics.text(declaration.get("Default")) : null;
            if (value == null) {
                missing.add(name);
            } else {
                check(name, value, declaration);
                values.put(name, value);
            }
        });
        if (!missing.isEmpty()) {
            throw error("Parameters: " + missing + " must have values");
        }
        checkRules(template, values, pseudo);
        return values;
    }

    private static void check(String name, String value, Map<String, Object> declaration) {
        String type = String.valueOf(declaration.get("Type"));
        String constraint = (String) declaration.get("ConstraintDescription");
        if (type.equals("Number") || type.equals("List<Number>")) {
            for (String number : type.equals("Number") ? List.of(value) : List.of(value.split(","))) {
                checkNumber(name, number.trim(), declaration, constraint);
            }
        }
        Object allowed = declaration.get("AllowedValues");
        if (allowed instanceof List<?> allowedValues
                && allowedValues.stream().map(Intrinsics::text).noneMatch(value::equals)) {
            throw error(constraint != null ? failed(name, constraint) : "Parameter '" + name + "' must be one of AllowedValues");
        }
        Object pattern = declaration.get("AllowedPattern");
        if (pattern != null && !matches(String.valueOf(pattern), value)) {
            throw error(constraint != null ? failed(name, constraint) : "Parameter '" + name + "' must match pattern " + pattern);
        }
        Integer minLength = integer(declaration.get("MinLength"));
        if (minLength != null && value.length() < minLength) {
            throw error(constraint != null ? failed(name, constraint)
                    : "Parameter '" + name + "' must contain at least " + minLength + " characters");
        }
        Integer maxLength = integer(declaration.get("MaxLength"));
        if (maxLength != null && value.length() > maxLength) {
            throw error(constraint != null ? failed(name, constraint)
                    : "Parameter '" + name + "' must contain at most " + maxLength + " characters");
        }
    }

    private static void checkNumber(String name, String value, Map<String, Object> declaration, String constraint) {
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw error("Parameter '" + name + "' must be a number");
        }
        Object min = declaration.get("MinValue");
        if (min != null && number < Double.parseDouble(Intrinsics.text(min))) {
            throw error(constraint != null ? failed(name, constraint)
                    : "Parameter '" + name + "' must be a number not less than " + Intrinsics.text(min));
        }
        Object max = declaration.get("MaxValue");
        if (max != null && number > Double.parseDouble(Intrinsics.text(max))) {
            throw error(constraint != null ? failed(name, constraint)
                    : "Parameter '" + name + "' must be a number not greater than " + Intrinsics.text(max));
        }
    }

    private static void checkRules(Template template, Map<String, String> values, Map<String, String> pseudo) {
        Intrinsics rules = new Intrinsics(template.mappings(), new ParameterScope(values, pseudo));
        template.rules().forEach((ruleName, declaration) -> {
            Map<String, Object> rule = Template.asMap(declaration, "Rules/" + ruleName);
            if (rule.containsKey("RuleCondition") && !rules.isTrue(rule.get("RuleCondition"))) {
                return;
            }
            Object assertions = rule.get("Assertions");
            if (!(assertions instanceof List<?> list)) {
                throw Template.formatError("[/Rules/" + ruleName + "] Assertions must be a list");
            }
            for (Object entry : list) {
                Map<String, Object> assertion = Template.asMap(entry, "Rules/" + ruleName + "/Assertions");
                if (!rules.isTrue(assertion.get("Assert"))) {
                    Object description = assertion.get("AssertDescription");
                    throw error(description != null ? String.valueOf(description) : "Template error: rule " + ruleName + " failed");
                }
            }
        });
    }

    private static boolean matches(String pattern, String value) {
        try {
            return Pattern.compile(pattern).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            throw Template.formatError("AllowedPattern '" + pattern + "' is not a valid regular expression");
        }
    }

    private static Integer integer(Object value) {
        return value == null ? null : Integer.valueOf(Intrinsics.text(value));
    }

    private static String failed(String name, String constraint) {
        return "Parameter " + name + " failed to satisfy constraint: " + constraint;
    }

    private static AwsServiceException error(String message) {
        return AwsServiceException.badRequest("ValidationError", message);
    }

    /** Rules see parameters and pseudo-parameters only. */
    private record ParameterScope(Map<String, String> values, Map<String, String> pseudo) implements Intrinsics.Scope {

        @Override
        public Object ref(String name) {
            if (values.containsKey(name)) {
                return values.get(name);
            }
            if (pseudo.containsKey(name)) {
                return pseudo.get(name);
            }
            throw Template.templateError("Unresolved reference " + name + " in Rules");
        }

        @Override
        public Object getAtt(String logicalId, String attribute) {
            throw Template.templateError("Fn::GetAtt is not allowed in Rules");
        }

        @Override
        public boolean condition(String name) {
            throw Template.templateError("Conditions are not allowed in Rules");
        }

        @Override
        public List<String> availabilityZones(String region) {
            return List.of(region + "a", region + "b", region + "c");
        }

        @Override
        public String importValue(String exportName) {
            throw Template.templateError("Fn::ImportValue is not allowed in Rules");
        }

        @Override
        public String region() {
            return pseudo.getOrDefault("AWS::Region", "us-east-1");
        }
    }
}
