package com.questportal.sandbox.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * EC2's own dialect of the query protocol: every list in a request is flattened as
 * {@code Name.1, Name.2} ({@code Filter.1.Value.1}); responses name members in lower camel case,
 * wrap list members in {@code <item>}, have no Result element, and errors come as
 * {@code <Response><Errors><Error>}.
 */
public final class Ec2Codec {

    private Ec2Codec() {
    }

    public static SdkPojo read(Map<String, String> parameters, Supplier<? extends SdkPojo> builder) {
        return readObject(parameters, "", builder.get());
    }

    public static String write(String operation, String namespace, SdkPojo result, String requestId) {
        StringBuilder xml = new StringBuilder(1024).append('<').append(operation).append("Response xmlns=\"").append(namespace)
                .append("\"><requestId>").append(requestId).append("</requestId>");
        writeFields(xml, result);
        return xml.append("</").append(operation).append("Response>").toString();
    }

    public static String error(AwsServiceException error, String requestId) {
        return "<Response><Errors><Error><Code>" + QueryCodec.escape(error.code()) + "</Code><Message>"
                + QueryCodec.escape(error.getMessage()) + "</Message></Error></Errors><RequestID>" + requestId + "</RequestID></Response>";
    }

    private static SdkPojo readObject(Map<String, String> parameters, String prefix, SdkPojo builder) {
        for (SdkField<?> field : builder.sdkFields()) {
            String name = prefix + field.locationName();
            Object value;
            if (field.marshallingType() == MarshallingType.LIST) {
                SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
                List<Object> values = new ArrayList<>();
                for (int i = 1; parameters.containsKey(name + "." + i) || hasPrefix(parameters, name + "." + i + "."); i++) {
                    values.add(member.marshallingType() == MarshallingType.SDK_POJO
                            ? readObject(parameters, name + "." + i + ".", member.constructor().get())
                            : QueryCodec.scalar(parameters.get(name + "." + i), member.marshallingType(), name + "." + i));
                }
                value = values.isEmpty() ? null : values;
            } else if (field.marshallingType() == MarshallingType.SDK_POJO) {
                value = hasPrefix(parameters, name + ".") ? readObject(parameters, name + ".", field.constructor().get()) : null;
            } else {
                String raw = parameters.get(name);
                value = raw == null ? null : QueryCodec.scalar(raw, field.marshallingType(), name);
            }
            if (value != null) {
                field.set(builder, value);
            }
        }
        return (SdkPojo) ((SdkBuilder<?, ?>) builder).build();
    }

    private static void writeFields(StringBuilder xml, SdkPojo pojo) {
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
                continue;
            }
            String name = field.unmarshallLocationName();
            xml.append('<').append(name).append('>');
            if (value instanceof List<?> list) {
                String item = field.getRequiredTrait(ListTrait.class).memberFieldInfo().unmarshallLocationName();
                for (Object element : list) {
                    xml.append('<').append(item).append('>');
                    writeValue(xml, element);
                    xml.append("</").append(item).append('>');
                }
            } else {
                writeValue(xml, value);
            }
            xml.append("</").append(name).append('>');
        }
    }

    private static void writeValue(StringBuilder xml, Object value) {
        if (value instanceof SdkPojo pojo) {
            writeFields(xml, pojo);
        } else {
            xml.append(QueryCodec.escape(String.valueOf(value)));
        }
    }

    private static boolean hasPrefix(Map<String, String> parameters, String prefix) {
        return parameters.keySet().stream().anyMatch(key -> key.startsWith(prefix));
    }
}
