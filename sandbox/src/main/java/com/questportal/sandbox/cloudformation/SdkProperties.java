package com.questportal.sandbox.cloudformation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Turns a resource's CloudFormation properties ({@code ContainerDefinitions: [{PortMappings: ...}]})
 * into the SDK request that the service's API takes, by the SDK type's own fields: each member's
 * wire name with its first letter in upper case is its CloudFormation name. Map values (labels,
 * log options) are copied as they are.
 */
public final class SdkProperties {

    private SdkProperties() {
    }

    public static SdkPojo toSdk(Map<String, Object> properties, Supplier<? extends SdkPojo> builder) {
        return readObject(properties, builder.get());
    }

    private static SdkPojo readObject(Map<?, ?> properties, SdkPojo builder) {
        for (SdkField<?> field : builder.sdkFields()) {
            String wire = field.locationName();
            Object value = properties.get(Character.toUpperCase(wire.charAt(0)) + wire.substring(1));
            if (value != null) {
                field.set(builder, convert(value, field));
            }
        }
        return (SdkPojo) ((SdkBuilder<?, ?>) builder).build();
    }

    private static Object convert(Object value, SdkField<?> field) {
        MarshallingType<?> type = field.marshallingType();
        String text = Intrinsics.text(value);
        try {
            if (type == MarshallingType.SDK_POJO) {
                return readObject(cast(value, Map.class, field), field.constructor().get());
            } else if (type == MarshallingType.LIST) {
                SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
                List<Object> values = new ArrayList<>();
                cast(value, List.class, field).forEach(element -> values.add(convert(element, member)));
                return values;
            } else if (type == MarshallingType.MAP) {
                SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
                Map<String, Object> values = new LinkedHashMap<>();
                cast(value, Map.class, field).forEach((key, element) -> values.put(String.valueOf(key), convert(element, member)));
                return values;
            } else if (type == MarshallingType.INTEGER) {
                return (int) Double.parseDouble(text);
            } else if (type == MarshallingType.LONG) {
                return (long) Double.parseDouble(text);
            } else if (type == MarshallingType.DOUBLE) {
                return Double.parseDouble(text);
            } else if (type == MarshallingType.BOOLEAN) {
                return Boolean.parseBoolean(text);
            }
            return text;
        } catch (NumberFormatException e) {
            throw new ResourceProvider.ResourceFailure("Properties validation failed for resource: #/" + field.memberName()
                    + ": expected a number, was " + text);
        }
    }

    private static <T> T cast(Object value, Class<T> kind, SdkField<?> field) {
        if (!kind.isInstance(value)) {
            throw new ResourceProvider.ResourceFailure("Properties validation failed for resource: #/" + field.memberName()
                    + ": expected type: " + (kind == Map.class ? "JSONObject" : "JSONArray"));
        }
        return kind.cast(value);
    }
}
