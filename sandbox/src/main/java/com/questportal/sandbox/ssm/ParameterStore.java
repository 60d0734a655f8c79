package com.questportal.sandbox.ssm;

import com.questportal.sandbox.state.StateFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** The parameters of each account and region, each set in a file of its own under the data directory. */
final class ParameterStore {

    private final Path directory;
    private final Map<String, TreeMap<String, StoredParameter>> byScope = new ConcurrentHashMap<>();

    ParameterStore(Path directory) {
        this.directory = directory;
    }

    Optional<StoredParameter> find(String account, String region, String name) {
        synchronized (scope(account, region)) {
            return Optional.ofNullable(scope(account, region).get(name));
        }
    }

    List<StoredParameter> all(String account, String region) {
        TreeMap<String, StoredParameter> parameters = scope(account, region);
        synchronized (parameters) {
            return List.copyOf(parameters.values());
        }
    }

    void put(String account, String region, StoredParameter parameter) {
        TreeMap<String, StoredParameter> parameters = scope(account, region);
        synchronized (parameters) {
            parameters.put(parameter.name(), parameter);
            save(account, region, parameters);
        }
    }

    boolean delete(String account, String region, String name) {
        TreeMap<String, StoredParameter> parameters = scope(account, region);
        synchronized (parameters) {
            boolean removed = parameters.remove(name) != null;
            if (removed) {
                save(account, region, parameters);
            }
            return removed;
        }
    }

    private TreeMap<String, StoredParameter> scope(String account, String region) {
        return byScope.computeIfAbsent(account + "/" + region, key -> load(account, region));
    }

    private StateFile file(String account, String region) {
        return new StateFile(directory.resolve(account).resolve(region + ".json"));
    }

    private TreeMap<String, StoredParameter> load(String account, String region) {
        TreeMap<String, StoredParameter> parameters = new TreeMap<>();
        file(account, region).read().ifPresent(bytes -> {
            for (JsonNode node : JsonNodeParser.create().parse(bytes).asArray()) {
                Map<String, JsonNode> fields = node.asObject();
                StoredParameter parameter = new StoredParameter(text(fields, "name"), text(fields, "type"), text(fields, "value"),
                        text(fields, "description"), Long.parseLong(fields.get("version").asNumber()),
                        Instant.parse(text(fields, "lastModified")), text(fields, "lastModifiedUser"),
                        fields.containsKey("tier") ? text(fields, "tier") : "Standard");
                parameters.put(parameter.name(), parameter);
            }
        });
        return parameters;
    }

    private void save(String account, String region, TreeMap<String, StoredParameter> parameters) {
        JsonWriter writer = JsonWriter.create().writeStartArray();
        for (StoredParameter parameter : parameters.values()) {
            writer.writeStartObject()
                    .writeFieldName("name").writeValue(parameter.name())
                    .writeFieldName("type").writeValue(parameter.type())
                    .writeFieldName("value").writeValue(parameter.storedValue());
            if (parameter.description() != null) {
                writer.writeFieldName("description").writeValue(parameter.description());
            }
            writer.writeFieldName("version").writeValue(parameter.version())
                    .writeFieldName("lastModified").writeValue(parameter.lastModified().toString())
                    .writeFieldName("lastModifiedUser").writeValue(parameter.lastModifiedUser())
                    .writeFieldName("tier").writeValue(parameter.tier())
                    .writeEndObject();
        }
        file(account, region).write(writer.writeEndArray().getBytes());
    }

    private static String text(Map<String, JsonNode> fields, String name) {
        JsonNode node = fields.get(name);
        return node == null || node.isNull() ? null : node.asString();
    }
}
