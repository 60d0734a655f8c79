package com.questportal.sandbox.ecs;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.StateFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The tags of ECS clusters, services, task definitions and tasks, by resource ARN, with ECS's tag
 * rules (50 per resource, key 1–128 and value 0–256 characters of the allowed set, no {@code aws:}
 * prefix). Kept in one state file: tags are few and change rarely.
 */
final class EcsTags {

    private static final int MAX_TAGS = 50;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private final StateFile file;
    private final Map<String, Map<String, String>> byResource;

    EcsTags(Path directory) {
        this.file = new StateFile(directory.resolve("tags.json"));
        this.byResource = load(file);
    }

    /** The tags a resource is created with replace any left from an earlier resource of the same ARN. */
    synchronized void created(String resourceArn, Collection<Tag> tags) {
        Map<String, String> checked = new LinkedHashMap<>();
        checkAndPut(checked, tags);
        if (checked.isEmpty()) {
            byResource.remove(resourceArn);
        } else {
            byResource.put(resourceArn, checked);
        }
        save();
    }

    synchronized void tag(String resourceArn, Collection<Tag> tags) {
        Map<String, String> merged = new LinkedHashMap<>(byResource.getOrDefault(resourceArn, Map.of()));
        checkAndPut(merged, tags);
        byResource.put(resourceArn, merged);
        save();
    }

    synchronized void untag(String resourceArn, Collection<String> keys) {
        Map<String, String> remaining = new LinkedHashMap<>(byResource.getOrDefault(resourceArn, Map.of()));
        for (String key : keys) {
            if (reserved(key)) {
                throw invalid("The aws: prefix is reserved for AWS use; tag keys with it cannot be removed.");
            }
            remaining.remove(key);
        }
        if (remaining.isEmpty()) {
            byResource.remove(resourceArn);
        } else {
            byResource.put(resourceArn, remaining);
        }
        save();
    }

    synchronized List<Tag> of(String resourceArn) {
        List<Tag> tags = new ArrayList<>();
        byResource.getOrDefault(resourceArn, Map.of()).forEach((key, value) -> tags.add(Tag.builder().key(key).value(value).build()));
        return tags;
    }

    private static void checkAndPut(Map<String, String> into, Collection<Tag> tags) {
        for (Tag tag : tags) {
            String key = tag.key();
            String value = tag.value() == null ? "" : tag.value();
            if (key == null || key.isEmpty() || key.length() > 128 || !ALLOWED.matcher(key).matches()) {
                throw invalid("Tag keys must be 1 to 128 letters, digits, spaces or the characters _ . : / = + - @.");
            }
            if (value.length() > 256 || !ALLOWED.matcher(value).matches()) {
                throw invalid("Tag values must be up to 256 letters, digits, spaces or the characters _ . : / = + - @.");
            }
            if (reserved(key) || reserved(value)) {
                throw invalid("The aws: prefix is reserved for AWS use and cannot be used in tag keys or values.");
            }
            into.put(key, value);
        }
        if (into.size() > MAX_TAGS) {
            throw invalid("A resource can have at most " + MAX_TAGS + " tags; this request would give it " + into.size() + ".");
        }
    }

    private static boolean reserved(String text) {
        return text.toLowerCase(Locale.ROOT).startsWith("aws:");
    }

    private static AwsServiceException invalid(String message) {
        return AwsServiceException.badRequest("InvalidParameterException", message);
    }

    private void save() {
        file.write(JsonValues.write(byResource));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> load(StateFile file) {
        Map<String, Map<String, String>> loaded = new LinkedHashMap<>();
        file.read().ifPresent(bytes -> ((Map<String, Object>) JsonValues.read(bytes)).forEach((arn, tags) ->
                loaded.put(arn, new LinkedHashMap<>((Map<String, String>) tags))));
        return loaded;
    }
}
