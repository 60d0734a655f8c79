package com.questportal.sandbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a sandbox starts.
 *
 * @param host the address to listen on; loopback unless told otherwise
 * @param port the port, 0 for any free one
 * @param dataDir where the sandbox keeps its state between restarts
 * @param accessKeyId the access key the sandbox accepts (as other local AWS emulators, {@code test})
 * @param secretAccessKey its secret ({@code test})
 * @param accountId the account every resource belongs to ({@code 000000000000})
 * @param maxBodyBytes the largest request body accepted
 * @param stepDelay how long each step of a long operation takes (a stack resource, for now): the speed factor
 * @param scalingPeriod how long one datapoint of an auto scaling metric lasts: AWS's minute, shorter to watch scaling quickly
 */
public record SandboxConfig(
        String host, int port, Path dataDir, String accessKeyId, String secretAccessKey, String accountId, int maxBodyBytes,
        Duration stepDelay, Duration scalingPeriod) {

    public static final int DEFAULT_PORT = 4566;
    /** The key every local AWS emulator accepts by default; clients of a sandbox started with defaults use it. */
    public static final String DEFAULT_ACCESS_KEY_ID = "test";
    public static final String DEFAULT_SECRET_ACCESS_KEY = "test";

    /**
     * Above every single API's own limit, which each service checks in AWS's words (a full PutLogEvents
     * batch is 1 MiB of events and more as JSON; a PutImage manifest up to 4 MiB).
     */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    public static SandboxConfig defaults(Path dataDir) {
        return new SandboxConfig("127.0.0.1", DEFAULT_PORT, dataDir, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, "000000000000", MAX_BODY_BYTES,
                Duration.ofMillis(250), Duration.ofMinutes(1));
    }

    public SandboxConfig withPort(int newPort) {
        return new SandboxConfig(host, newPort, dataDir, accessKeyId, secretAccessKey, accountId, maxBodyBytes, stepDelay, scalingPeriod);
    }

    public SandboxConfig withHost(String newHost) {
        return new SandboxConfig(newHost, port, dataDir, accessKeyId, secretAccessKey, accountId, maxBodyBytes, stepDelay, scalingPeriod);
    }

    public SandboxConfig withDataDir(Path newDataDir) {
        return new SandboxConfig(host, port, newDataDir, accessKeyId, secretAccessKey, accountId, maxBodyBytes, stepDelay, scalingPeriod);
    }

    public SandboxConfig withStepDelay(Duration newStepDelay) {
        return new SandboxConfig(host, port, dataDir, accessKeyId, secretAccessKey, accountId, maxBodyBytes, newStepDelay, scalingPeriod);
    }

    public SandboxConfig withScalingPeriod(Duration newScalingPeriod) {
        return new SandboxConfig(host, port, dataDir, accessKeyId, secretAccessKey, accountId, maxBodyBytes, stepDelay, newScalingPeriod);
    }

    public SandboxConfig withCredentials(String newAccessKeyId, String newSecretAccessKey, String newAccountId) {
        return new SandboxConfig(host, port, dataDir, newAccessKeyId, newSecretAccessKey, newAccountId, maxBodyBytes, stepDelay, scalingPeriod);
    }
}
