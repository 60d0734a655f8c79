package com.questportal.portal.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone sandbox jar and the portal jar pointed at it, each in its own JVM on a free port, with a bootstrap admin
 * password and API token: what the benchmarks measure. Closing stops both.
 */
public final class SandboxAndPortal implements AutoCloseable {

    private final Process sandbox;
    private final Process portal;
    private final URI sandboxEndpoint;
    private final int port;

    private SandboxAndPortal(Process sandbox, Process portal, URI sandboxEndpoint, int port) {
        this.sandbox = sandbox;
        this.portal = portal;
        this.sandboxEndpoint = sandboxEndpoint;
        this.port = port;
    }

    public static SandboxAndPortal start(String name, String adminPassword, String token, Duration pollInterval) throws IOException {
        Path data = Files.createTempDirectory(name + "-");
        int sandboxPort = Processes.freePort();
        int port = Processes.freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + sandboxPort);
        Process sandbox = Processes.startJar(System.getProperty("sandbox.jar", "../sandbox/target/sandbox.jar"), "listening at",
                List.of("-Xmx1g"), "--port", String.valueOf(sandboxPort), "--data-dir", data.resolve("sandbox").toString());
        try {
            Process portal = Processes.startJar(System.getProperty("portal.jar", "target/portal.jar"), "Quest Portal is ready at",
                    List.of("-Xmx1g"), "--server.port=" + port, "--portal.data-dir=" + data.resolve("portal"),
                    "--portal.sandbox.endpoint=" + endpoint, "--portal.bootstrap.admin-password=" + adminPassword,
                    "--portal.bootstrap.api-token=" + token, "--portal.status.poll-interval=" + pollInterval,
                    "--spring.main.banner-mode=off");
            return new SandboxAndPortal(sandbox, portal, endpoint, port);
        } catch (IOException | RuntimeException e) {
            stop(sandbox, 60);
            throw e;
        }
    }

    public URI sandboxEndpoint() {
        return sandboxEndpoint;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        stop(portal, 30);
        stop(sandbox, 60);
    }

    private static void stop(Process process, int seconds) {
        process.destroy();
        try {
            process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
