package com.questportal.sandbox.ssm;

import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/** DescribeParameters' {@code ParameterFilters}: Name, Type, Tier, DataType and Path, with SSM's options and errors. */
final class ParameterFilters {

    private static final Set<String> KEYS = Set.of("Name", "Type", "Tier", "DataType", "Path");

    private ParameterFilters() {
    }

    /** Whether the parameter passes every filter; refuses a filter SSM would refuse, as SSM words it. */
    static boolean matchAll(List<ParameterStringFilter> filters, StoredParameter parameter) {
        return filters.stream().allMatch(filter -> matches(filter, parameter));
    }

    private static boolean matches(ParameterStringFilter filter, StoredParameter parameter) {
        String key = filter.key();
        if (key == null || (!KEYS.contains(key) && !key.startsWith("tag:"))) {
            throw AwsServiceException.badRequest("InvalidFilterKey", "The following filter key is not valid: " + key
                    + ". Valid filter keys include: [Path, Name, Type, KeyId, Tier, Label, DataType].");
        }
        if (key.startsWith("tag:")) {
            return false;
        }
        String option = filter.option() == null ? ("Path".equals(key) ? "OneLevel" : "Equals") : filter.option();
        Set<String> options = switch (key) {
            case "Name" -> Set.of("Equals", "BeginsWith", "Contains");
            case "Path" -> Set.of("Recursive", "OneLevel");
            default -> Set.of("Equals");
        };
        if (!options.contains(option)) {
            throw AwsServiceException.badRequest("InvalidFilterOption", "The following filter option is not valid: " + option
                    + ". Valid options include: " + options.stream().sorted().toList() + ".");
        }
        if (!filter.hasValues() || filter.values().isEmpty()) {
            throw AwsServiceException.badRequest("InvalidFilterValue", "The following filter values are missing : null for filter key "
                    + key + ".");
        }
        String actual = switch (key) {
            case "Name" -> parameter.name();
            case "Type" -> parameter.type();
            case "Tier" -> parameter.tier();
            case "DataType" -> "text";
            default -> parameter.name();
        };
        return filter.values().stream().anyMatch(value -> {
            String folder = value.endsWith("/") ? value : value + "/";
            return switch (option) {
                case "BeginsWith" -> actual.startsWith(value) || actual.startsWith("/" + value);
                case "Contains" -> actual.contains(value);
                case "Recursive" -> actual.startsWith(folder);
                case "OneLevel" -> actual.startsWith(folder) && !actual.substring(folder.length()).contains("/");
                default -> actual.equals(value) || ("Name".equals(key) && actual.equals("/" + value));
            };
        });
    }
}
