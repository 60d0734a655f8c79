package com.questportal.sandbox.ecr;

import com.questportal.sandbox.state.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.services.ecr.model.Image;

/** Image manifests: what one made from a jar says, and what a pushed one's media type, size and digest are. */
final class Manifests {

    private static final String DEFAULT_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json";

    private Manifests() {
    }

    /** An image made from a runnable jar: its manifest, and the jar's size as its one layer. */
    record JarImage(String manifest, long jarSize) {
    }

    /**
     * The manifest of the image {@code docker push} would publish for a runnable jar: the jar's digest and size as
     * its layer, and the options and environment the image carries as annotations.
     */
    static JarImage forJar(Path jar, String javaOptions, Map<String, String> environment) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(ImageAnnotations.JAR, jar.toAbsolutePath().normalize().toString());
        if (javaOptions != null && !javaOptions.isBlank()) {
            annotations.put(ImageAnnotations.JAVA_OPTIONS, javaOptions);
        }
        environment.forEach((name, value) -> annotations.put(ImageAnnotations.ENV_PREFIX + name, value));
        long jarSize;
        String jarDigest;
        try {
            jarSize = Files.size(jar);
            jarDigest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "digest", "sha256:" + sha256("{}"),
                "size", 2));
        manifest.put("layers", List.of(Map.of("mediaType", "application/vnd.oci.image.layer.v1.tar", "digest", jarDigest, "size", jarSize)));
        manifest.put("annotations", annotations);
        String body = new String(JsonValues.write(manifest), StandardCharsets.UTF_8);
        return new JarImage(body, jarSize);
    }

    static String mediaType(String manifest) {
        JsonNode node = parse(manifest);
        Map<String, JsonNode> fields = node != null && node.isObject() ? node.asObject() : Map.of();
        return fields.containsKey("mediaType") && fields.get("mediaType").isString() ? fields.get("mediaType").asString() : DEFAULT_MEDIA_TYPE;
    }

    /** The config and layer sizes the manifest declares, or the manifest's own length when it declares none. */
    static long size(String manifest) {
        JsonNode node = parse(manifest);
        long size = 0;
        if (node != null && node.isObject()) {
            Map<String, JsonNode> fields = node.asObject();
            if (fields.get("config") != null && fields.get("config").isObject() && fields.get("config").asObject().get("size") != null) {
                size += Long.parseLong(fields.get("config").asObject().get("size").asNumber());
            }
            if (fields.get("layers") != null && fields.get("layers").isArray()) {
                for (JsonNode layer : fields.get("layers").asArray()) {
                    JsonNode layerSize = layer.isObject() ? layer.asObject().get("size") : null;
                    size += layerSize != null && layerSize.isNumber() ? Long.parseLong(layerSize.asNumber()) : 0;
                }
            }
        }
        return size > 0 ? size : manifest.getBytes(StandardCharsets.UTF_8).length;
    }

    private static JsonNode parse(String manifest) {
        try {
            return JsonNodeParser.create().parse(manifest);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
