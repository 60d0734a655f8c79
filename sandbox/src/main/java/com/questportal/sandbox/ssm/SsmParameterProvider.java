package com.questportal.sandbox.ssm;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@code AWS::SSM::Parameter}: String and StringList parameters (CloudFormation cannot create SecureString). */
final class SsmParameterProvider implements ResourceProvider {

    private static final Pattern NAME = Pattern.compile("/?[a-zA-Z0-9_.\\-]+(/[a-zA-Z0-9_.\\-]+)*");

    private final ParameterStore store;
    private final Clock clock;

    SsmParameterProvider(ParameterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "AWS::SSM::Parameter";
    }

    @Override
    public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
        String name = properties.containsKey("Name") ? String.valueOf(properties.get("Name"))
                : "CFN-" + logicalId + "-" + UUID.randomUUID().toString().substring(0, 12);
        if (store.find(context.accountId(), context.region(), name).isPresent()) {
            throw new ResourceFailure(name + " already exists in stack " + context.stackId());
        }
        return write(context, name, properties, 1);
    }

    @Override
    public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
        long version = store.find(context.accountId(), context.region(), current.physicalId())
                .map(parameter -> parameter.version() + 1).orElse(1L);
        return write(context, current.physicalId(), properties, version);
    }

    @Override
    public void delete(Context context, Provisioned current) {
        store.delete(context.accountId(), context.region(), current.physicalId());
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("Name");
    }

    /** The parameter as SSM holds it now (CloudFormation's parameters are never SecureString), or GONE once deleted. */
    @Override
    public java.util.Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
        return java.util.Optional.of(store.find(context.accountId(), context.region(), current.physicalId())
                .<Map<String, Object>>map(parameter -> {
                    Map<String, Object> actual = new java.util.LinkedHashMap<>();
                    actual.put("Name", parameter.name());
                    actual.put("Type", parameter.type());
                    actual.put("Value", parameter.storedValue());
                    actual.put("Description", parameter.description());
                    actual.put("Tier", parameter.tier());
                    return actual;
                }).orElse(GONE));
    }

    private Provisioned write(Context context, String name, Map<String, Object> properties, long version) {
        Object type = properties.get("Type");
        Object value = properties.get("Value");
        if (!"String".equals(type) && !"StringList".equals(type)) {
            throw new ResourceFailure("Properties validation failed for resource: #/Type: " + type
                    + " is not a valid enum value (String, StringList); SecureString is not supported by CloudFormation");
        }
        if (value == null || String.valueOf(value).isEmpty()) {
            throw new ResourceFailure("Properties validation failed for resource: #: required key [Value] not found");
        }
        if (!NAME.matcher(name).matches() || name.length() > 2048) {
            throw new ResourceFailure("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use "
                    + "only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore).");
        }
        store.put(context.accountId(), context.region(), new StoredParameter(name, String.valueOf(type), String.valueOf(value),
                (String) properties.get("Description"), version, clock.instant(),
                "arn:aws:cloudformation:" + context.region() + ":" + context.accountId() + ":stack/" + context.stackName(),
                "Advanced".equals(properties.get("Tier")) ? "Advanced" : "Standard"));
        return new Provisioned(name, Map.of("Type", String.valueOf(type), "Value", String.valueOf(value)));
    }
}
