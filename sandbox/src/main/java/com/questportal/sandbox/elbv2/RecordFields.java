package com.questportal.sandbox.elbv2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the typed fields of ELBv2's records back from their JSON on disk, and keeping their collections unchangeable. */
final class RecordFields {

    private RecordFields() {
    }

    static String text(Map<String, Object> json, String key) {
        Object value = json.get(key);
        return value == null ? null : String.valueOf(value);
    }

    static Integer integer(Map<String, Object> json, String key) {
        return json.get(key) instanceof Number number ? number.intValue() : null;
    }

    static Long whole(Map<String, Object> json, String key) {
        return json.get(key) instanceof Number number ? number.longValue() : null;
    }

    static List<String> texts(Map<String, Object> json, String key) {
        List<String> values = new ArrayList<>();
        if (json.get(key) instanceof List<?> list) {
            list.forEach(item -> values.add(String.valueOf(item)));
        }
        return List.copyOf(values);
    }

    static Map<String, String> textMap(Map<String, Object> json, String key) {
        Map<String, String> values = new LinkedHashMap<>();
        if (json.get(key) instanceof Map<?, ?> map) {
            map.forEach((name, value) -> values.put(String.valueOf(name), String.valueOf(value)));
        }
        return ordered(values);
    }

    /** An unchangeable copy that keeps the order it was given in (Map.copyOf does not). */
    static <K, V> Map<K, V> ordered(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
