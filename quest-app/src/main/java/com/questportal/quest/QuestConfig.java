package com.questportal.quest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Everything the quest reads from its environment, resolved once at start.
 *
 * @param port the port to listen on ({@code PORT}, default 3000)
 * @param bindAddress the address to listen on ({@code BIND_ADDRESS}, default every interface)
 * @param imageTag the image tag this process runs as ({@code IMAGE_TAG}, default {@code dev})
 * @param builtInSecretWord the secret word built into this image
 * @param buildVersion the version of the build that made this image
 * @param buildTime when this image was built
 * @param shutdownTimeout the bound on a graceful shutdown ({@code SHUTDOWN_TIMEOUT_SECONDS}, default 10)
 * @param drainDelay how long {@code /health} answers 503 before the listener closes on SIGTERM
 *     ({@code SHUTDOWN_DRAIN_SECONDS}, default 0: ECS deregisters the target before it signals)
 * @param environment the process environment, for the checks
 * @param fileSystemRoot where the container and EC2 markers are looked for ({@code /} outside tests)
 */
record QuestConfig(
        int port,
        String bindAddress,
        String imageTag,
        String builtInSecretWord,
        String buildVersion,
        String buildTime,
        Duration shutdownTimeout,
        Duration drainDelay,
        Map<String, String> environment,
        Path fileSystemRoot) {

    static QuestConfig fromEnvironment(Map<String, String> env) {
        Properties build = buildProperties();
        return new QuestConfig(
                intSetting(env, "PORT", 3000, 0, 65535),
                env.getOrDefault("BIND_ADDRESS", "0.0.0.0"),
                env.getOrDefault("IMAGE_TAG", "dev"),
                build.getProperty("secret.word"),
                build.getProperty("build.version"),
                build.getProperty("build.time"),
                Duration.ofSeconds(intSetting(env, "SHUTDOWN_TIMEOUT_SECONDS", 10, 1, 3600)),
                Duration.ofSeconds(intSetting(env, "SHUTDOWN_DRAIN_SECONDS", 0, 0, 3600)),
                Map.copyOf(env),
                Path.of(env.getOrDefault("QUEST_FILESYSTEM_ROOT", "/")));
    }

    private static int intSetting(Map<String, String> env, String name, int fallback, int min, int max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + raw + "'", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = QuestConfig.class.getResourceAsStream("/quest.properties")) {
            if (in == null) {
                throw new IllegalStateException("quest.properties is missing from the image");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read quest.properties", e);
        }
        return properties;
    }
}
