package com.questportal.sandbox.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** Plain values (maps, lists, strings, numbers, booleans, null) to JSON and back, for state files. */
public final class JsonValues {

    private JsonValues() {
    }

    public static byte[] write(Object value) {
        JsonWriter writer = JsonWriter.create();
        write(writer, value);
        return writer.getBytes();
    }

    public static Object read(byte[] json) {
        return read(JsonNodeParser.create().parse(json));
    }

    private static void write(JsonWriter writer, Object value) {
        if (value == null) {
            writer.writeNull();
        } else if (value instanceof String text) {
            writer.writeValue(text);
        } else if (value instanceof Boolean flag) {
            writer.writeValue(flag);
        } else if (value instanceof Integer || value instanceof Long) {
            writer.writeValue(((Number) value).longValue());
        } else if (value instanceof Number number) {
            writer.writeValue(number.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            writer.writeStartObject();
            map.forEach((key, element) -> {
                writer.writeFieldName(String.valueOf(key));
                write(writer, element);
            });
            writer.writeEndObject();
        } else if (value instanceof List<?> list) {
            writer.writeStartArray();
            list.forEach(element -> write(writer, element));
            writer.writeEndArray();
        } else {
            writer.writeValue(value.toString());
        }
    }

    private static Object read(JsonNode node) {
        if (node.isNull()) {
            return null;
        } else if (node.isString()) {
            return node.asString();
        } else if (node.isBoolean()) {
            return node.asBoolean();
        } else if (node.isNumber()) {
            String number = node.asNumber();
            if (number.contains(".") || number.contains("e") || number.contains("E")) {
                return Double.valueOf(number);
            }
            // As SnakeYAML reads a template's numbers: Integer when it fits, so that properties read back from a
            // state file equal the same properties evaluated from the template (2 == 2, not Long 2 != Integer 2).
            long whole = Long.parseLong(number);
            return whole == (int) whole ? (Object) (int) whole : (Object) whole;
        } else if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.asArray().forEach(element -> list.add(read(element)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.asObject().forEach((key, element) -> map.put(key, read(element)));
        return map;
    }
}
