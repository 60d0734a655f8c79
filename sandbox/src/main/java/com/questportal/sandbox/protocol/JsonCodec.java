package com.questportal.sandbox.protocol;

import java.math.BigDecimal;
import java.time.Instant;
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
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The JSON 1.1 protocol, for any SDK model type (and the reading half of RPC v2 CBOR, whose documents parse into the same tree): members are read and written by the wire names,
 * types and list/map shapes in the type's {@code sdkFields()}, so no field name is typed by hand.
 */
public final class JsonCodec {

    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private JsonCodec() {
    }

    /** Builds the SDK object a JSON body describes; an unknown or mistyped member is a SerializationException. */
    public static SdkPojo read(byte[] body, Supplier<? extends SdkPojo> builder) {
        JsonNode root;
        try {
            root = body.length == 0 ? PARSER.parse("{}") : PARSER.parse(body);
        } catch (RuntimeException e) {
            throw serialization("The request body is not valid JSON.");
        }
        if (!root.isObject()) {
            throw serialization("The request body must be a JSON object.");
        }
        return readObject(root, builder.get());
    }

    public static byte[] write(SdkPojo pojo) {
        JsonWriter writer = JsonWriter.create();
        ModelWriter.writeObject(new JsonSink(writer), pojo);
        return writer.getBytes();
    }

    /** Builds the SDK object a parsed document describes: JSON, or CBOR read into the same tree. */
    static SdkPojo readObject(JsonNode node, SdkPojo builder) {
        Map<String, SdkField<?>> fields = new LinkedHashMap<>();
        builder.sdkFields().forEach(field -> fields.put(field.locationName(), field));
        node.asObject().forEach((name, value) -> {
            SdkField<?> field = fields.get(name);
            if (field == null) {
                throw serialization("Unknown member '" + name + "'.");
            }
            if (!value.isNull()) {
                field.set(builder, readValue(value, field, name));
            }
        });
        return (SdkPojo) ((SdkBuilder<?, ?>) builder).build();
    }

    private static Object readValue(JsonNode node, SdkField<?> field, String path) {
        MarshallingType<?> type = field.marshallingType();
        try {
            if (type == MarshallingType.STRING) {
                return node.asString();
            } else if (type == MarshallingType.INTEGER) {
                return Integer.valueOf(node.asNumber());
            } else if (type == MarshallingType.LONG) {
                return Long.valueOf(node.asNumber());
            } else if (type == MarshallingType.SHORT) {
                return Short.valueOf(node.asNumber());
            } else if (type == MarshallingType.DOUBLE) {
                return Double.valueOf(node.asNumber());
            } else if (type == MarshallingType.FLOAT) {
                return Float.valueOf(node.asNumber());
            } else if (type == MarshallingType.BIG_DECIMAL) {
                return new BigDecimal(node.asNumber());
            } else if (type == MarshallingType.BOOLEAN) {
                return node.asBoolean();
            } else if (type == MarshallingType.INSTANT) {
                return epochSeconds(new BigDecimal(node.isNumber() ? node.asNumber() : node.asString()));
            } else if (type == MarshallingType.SDK_BYTES) {
                return SdkBytes.fromByteArray(node.isEmbeddedObject() && node.asEmbeddedObject() instanceof byte[] bytes ? bytes
                        : java.util.Base64.getDecoder().decode(node.asString()));
            } else if (type == MarshallingType.SDK_POJO) {
                if (!node.isObject()) {
                    throw serialization("Member '" + path + "' must be an object.");
                }
                return readObject(node, field.constructor().get());
            } else if (type == MarshallingType.LIST) {
                SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
                List<Object> values = new ArrayList<>();
                for (JsonNode element : node.asArray()) {
                    values.add(element.isNull() ? null : readValue(element, member, path + "[]"));
                }
                return values;
            } else if (type == MarshallingType.MAP) {
                SdkField<?> valueField = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
                Map<String, Object> values = new LinkedHashMap<>();
                node.asObject().forEach((key, value) -> values.put(key, value.isNull() ? null : readValue(value, valueField, path + "." + key)));
                return values;
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw serialization("Member '" + path + "' has the wrong type.");
        }
        throw serialization("Member '" + path + "' has a type the sandbox does not read: " + type);
    }

    private static Instant epochSeconds(BigDecimal seconds) {
        BigDecimal millis = seconds.movePointRight(3);
        return Instant.ofEpochMilli(millis.longValue());
    }

    /** JSON's spelling: timestamps as epoch seconds, blobs in base64. */
    private record JsonSink(JsonWriter writer) implements ModelWriter.Sink {
        public void startObject() {
            writer.writeStartObject();
        }

        public void fieldName(String name) {
            writer.writeFieldName(name);
        }

        public void endObject() {
            writer.writeEndObject();
        }

        public void startArray(int size) {
            writer.writeStartArray();
        }

        public void endArray() {
            writer.writeEndArray();
        }

        public void nullValue() {
            writer.writeNull();
        }

        public void value(String text) {
            writer.writeValue(text);
        }

        public void value(boolean flag) {
            writer.writeValue(flag);
        }

        public void value(long number) {
            writer.writeValue(number);
        }

        public void value(double number) {
            writer.writeValue(number);
        }

        public void value(BigDecimal number) {
            writer.writeValue(number);
        }

        public void value(Instant instant) {
            writer.writeNumber(BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3).toPlainString());
        }

        public void value(byte[] bytes) {
            writer.writeValue(java.util.Base64.getEncoder().encodeToString(bytes));
        }
    }

    static AwsServiceException serialization(String message) {
        return AwsServiceException.badRequest("SerializationException", message);
    }
}
