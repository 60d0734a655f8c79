package com.questportal.portal.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone sandbox jar and the portal jar pointed at it, each in its own JVM on a free port, with a bootstrap admin
 * password and API token: what the benchmarks measure. Closing stops both.
 */
public final class SandboxAndPortal implements AutoCloseable {

    private final Process sandbox;
    private final Process portal;
    private final URI sandboxEndpoint;
    private final int port;
    private final String token;

    private SandboxAndPortal(Process sandbox, Process portal, URI sandboxEndpoint, int port, String token) {
        this.sandbox = sandbox;
        this.portal = portal;
        this.sandboxEndpoint = sandboxEndpoint;
        this.port = port;
        this.token = token;
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
            return new SandboxAndPortal(sandbox, portal, endpoint, port, token);
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

    /** The portal's AWS requests so far, by operation, as Prometheus scrapes its {@code portal.aws.requests} meter. */
    public Map<String, Double> awsRequests() throws IOException, InterruptedException {
        HttpResponse<String> scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).header("Authorization", "Bearer " + token).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        if (scraped.statusCode() != 200) {
            throw new IllegalStateException("the Prometheus scrape answered " + scraped.statusCode() + ": " + scraped.body());
        }
        Map<String, Double> byOperation = new TreeMap<>();
        Pattern operation = Pattern.compile("operation=\"([^\"]+)\"");
        scraped.body().lines().filter(line -> line.startsWith("portal_aws_requests_total{")).forEach(line -> {
            Matcher named = operation.matcher(line);
            byOperation.merge(named.find() ? named.group(1) : "?", Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                    Double::sum);
        });
        return byOperation;
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
