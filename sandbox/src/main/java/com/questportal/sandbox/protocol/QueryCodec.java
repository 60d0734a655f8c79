package com.questportal.sandbox.protocol;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The query protocol, for any SDK model type: form parameters in ({@code Tags.member.1.Key=...}),
 * XML out ({@code <XResponse><XResult>...}), both by the names and shapes in {@code sdkFields()}.
 */
public final class QueryCodec {

    private QueryCodec() {
    }

    /** Splits a form-encoded body into its parameters, in order. */
    public static Map<String, String> parameters(byte[] body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String form = new String(body, StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.put(name, value);
            } catch (IllegalArgumentException e) {
                throw AwsServiceException.badRequest("MalformedQueryString", "The parameter '" + pair + "' is not URL-encoded.");
            }
        }
        return parameters;
    }

    public static SdkPojo read(Map<String, String> parameters, Supplier<? extends SdkPojo> builder) {
        return readObject(parameters, "", builder.get());
    }

    /** The whole response document for {@code operation}. */
    public static String write(String operation, String namespace, SdkPojo result, String requestId) {
        StringBuilder xml = new StringBuilder(1024)
                .append("<").append(operation).append("Response xmlns=\"").append(namespace).append("\">")
                .append("<").append(operation).append("Result>");
        writeFields(xml, result);
        return xml.append("</").append(operation).append("Result>")
                .append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>")
                .append("</").append(operation).append("Response>").toString();
    }

    public static String error(AwsServiceException error, String requestId) {
        return "<ErrorResponse><Error><Type>" + error.faultType() + "</Type><Code>" + escape(error.code()) + "</Code>"
                + "<Message>" + escape(error.getMessage()) + "</Message></Error><RequestId>" + requestId
                + "</RequestId></ErrorResponse>";
    }

    private static SdkPojo readObject(Map<String, String> parameters, String prefix, SdkPojo builder) {
        for (SdkField<?> field : builder.sdkFields()) {
            Object value = readValue(parameters, prefix + field.locationName(), field);
            if (value != null) {
                field.set(builder, value);
            }
        }
        return (SdkPojo) ((SdkBuilder<?, ?>) builder).build();
    }

    private static Object readValue(Map<String, String> parameters, String name, SdkField<?> field) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            return hasPrefix(parameters, name + ".") ? readObject(parameters, name + ".", field.constructor().get()) : null;
        }
        if (type == MarshallingType.LIST) {
            ListTrait list = field.getRequiredTrait(ListTrait.class);
            String memberPrefix = list.isFlattened() ? name + "." : name + "." + memberName(list) + ".";
            List<Object> values = new ArrayList<>();
            for (int i = 1; parameters.containsKey(memberPrefix + i) || hasPrefix(parameters, memberPrefix + i + "."); i++) {
                values.add(readValue(parameters, memberPrefix + i, list.memberFieldInfo()));
            }
            return values.isEmpty() && !parameters.containsKey(name) ? null : values;
        }
        if (type == MarshallingType.MAP) {
            MapTrait map = field.getRequiredTrait(MapTrait.class);
            String entryPrefix = map.isFlattened() ? name + "." : name + ".entry.";
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 1; parameters.containsKey(entryPrefix + i + "." + keyName(map)); i++) {
                values.put(parameters.get(entryPrefix + i + "." + keyName(map)),
                        readValue(parameters, entryPrefix + i + "." + valueName(map), map.valueFieldInfo()));
            }
            return values.isEmpty() ? null : values;
        }
        String raw = parameters.get(name);
        return raw == null ? null : scalar(raw, type, name);
    }

    static Object scalar(String raw, MarshallingType<?> type, String name) {
        try {
            if (type == MarshallingType.STRING) {
                return raw;
            } else if (type == MarshallingType.INTEGER) {
                return Integer.valueOf(raw);
            } else if (type == MarshallingType.LONG) {
                return Long.valueOf(raw);
            } else if (type == MarshallingType.DOUBLE) {
                return Double.valueOf(raw);
            } else if (type == MarshallingType.FLOAT) {
                return Float.valueOf(raw);
            } else if (type == MarshallingType.BIG_DECIMAL) {
                return new BigDecimal(raw);
            } else if (type == MarshallingType.BOOLEAN) {
                if (!raw.equals("true") && !raw.equals("false")) {
                    throw new IllegalArgumentException(raw);
                }
                return Boolean.valueOf(raw);
            } else if (type == MarshallingType.INSTANT) {
                return Instant.parse(raw);
            } else if (type == MarshallingType.SDK_BYTES) {
                return SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(raw));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw AwsServiceException.badRequest("ValidationError", "Value '" + raw + "' at '" + name + "' has the wrong type.");
        }
        throw new IllegalStateException("no query form for " + type + " at " + name);
    }

    private static void writeFields(StringBuilder xml, SdkPojo pojo) {
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
                continue;
            }
            writeElement(xml, field.locationName(), value, field);
        }
    }

    private static void writeElement(StringBuilder xml, String name, Object value, SdkField<?> field) {
        if (value instanceof List<?> list) {
            ListTrait trait = field.getRequiredTrait(ListTrait.class);
            if (trait.isFlattened()) {
                list.forEach(element -> writeElement(xml, name, element, trait.memberFieldInfo()));
                return;
            }
            xml.append('<').append(name).append('>');
            list.forEach(element -> writeElement(xml, memberName(trait), element, trait.memberFieldInfo()));
            xml.append("</").append(name).append('>');
        } else if (value instanceof Map<?, ?> map) {
            MapTrait trait = field.getRequiredTrait(MapTrait.class);
            xml.append('<').append(name).append('>');
            map.forEach((key, element) -> {
                xml.append("<entry><").append(keyName(trait)).append('>').append(escape(key.toString()))
                        .append("</").append(keyName(trait)).append('>');
                writeElement(xml, valueName(trait), element, trait.valueFieldInfo());
                xml.append("</entry>");
            });
            xml.append("</").append(name).append('>');
        } else {
            xml.append('<').append(name).append('>');
            if (value instanceof SdkPojo pojo) {
                writeFields(xml, pojo);
            } else if (value instanceof SdkBytes bytes) {
                xml.append(java.util.Base64.getEncoder().encodeToString(bytes.asByteArray()));
            } else {
                xml.append(escape(value.toString()));
            }
            xml.append("</").append(name).append('>');
        }
    }

    private static boolean hasPrefix(Map<String, String> parameters, String prefix) {
        return parameters.keySet().stream().anyMatch(key -> key.startsWith(prefix));
    }

    private static String memberName(ListTrait list) {
        return list.memberLocationName() == null ? "member" : list.memberLocationName();
    }

    private static String keyName(MapTrait map) {
        return map.keyLocationName() == null ? "key" : map.keyLocationName();
    }

    private static String valueName(MapTrait map) {
        return map.valueLocationName() == null ? "value" : map.valueLocationName();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
