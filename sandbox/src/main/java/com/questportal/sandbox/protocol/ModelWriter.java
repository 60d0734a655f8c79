package com.questportal.sandbox.protocol;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Walks an SDK model object by its {@code sdkFields()} and hands each member to a {@link Sink}: the one
 * traversal behind the JSON and the CBOR documents, which differ only in how a value is spelled.
 */
final class ModelWriter {

    /** How one document format writes structures, lists and scalar values. */
    interface Sink {
        void startObject();

        void fieldName(String name);

        void endObject();

        void startArray(int size);

        void endArray();

        void nullValue();

        void value(String text);

        void value(boolean flag);

        void value(long number);

        void value(double number);

        void value(BigDecimal number);

        void value(Instant instant);

        void value(byte[] bytes);
    }

    private ModelWriter() {
    }

    static void writeObject(Sink sink, SdkPojo pojo) {
        sink.startObject();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
                continue;
            }
            sink.fieldName(field.locationName());
            writeValue(sink, value, field);
        }
        sink.endObject();
    }

    private static void writeValue(Sink sink, Object value, SdkField<?> field) {
        if (value == null) {
            sink.nullValue();
        } else if (value instanceof String text) {
            sink.value(text);
        } else if (value instanceof Boolean flag) {
            sink.value(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            sink.value(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            sink.value(((Number) value).doubleValue());
        } else if (value instanceof BigDecimal decimal) {
            sink.value(decimal);
        } else if (value instanceof Instant instant) {
            sink.value(instant);
        } else if (value instanceof SdkBytes bytes) {
            sink.value(bytes.asByteArray());
        } else if (value instanceof SdkPojo pojo) {
            writeObject(sink, pojo);
        } else if (value instanceof List<?> list) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            sink.startArray(list.size());
            list.forEach(element -> writeValue(sink, element, member));
            sink.endArray();
        } else if (value instanceof Map<?, ?> map) {
            SdkField<?> valueField = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            sink.startObject();
            map.forEach((key, element) -> {
                sink.fieldName(key.toString());
                writeValue(sink, element, valueField);
            });
            sink.endObject();
        } else {
            throw new IllegalStateException("no document form for " + value.getClass() + " in " + field.memberName());
        }
    }
}
