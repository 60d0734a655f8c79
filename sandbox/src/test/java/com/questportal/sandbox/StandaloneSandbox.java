package com.questportal.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The sandbox jar as a process of its own, as the AWS CLI or a second portal would use it; stopped with SIGTERM or SIGKILL. */
final class StandaloneSandbox implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening at (http://127\\.0\\.0\\.1:\\d+)");

    final Process process;
    final URI endpoint;
    final Path log;

    private StandaloneSandbox(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts the jar on a free port with the data directory and waits until it says where it listens. */
    static StandaloneSandbox start(Path data, String... options) throws IOException, InterruptedException {
        Files.createDirectories(data);
        Path log = Files.createTempFile(data.getParent(), "sandbox", ".log");
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar(), "--port", "0", "--data-dir", data.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(Files.readString(log));
            if (matcher.find()) {
                return new StandaloneSandbox(process, URI.create(matcher.group(1)), log);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the sandbox exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the sandbox did not say where it listens within 60 s:\n" + Files.readString(log));
    }

    /** SIGTERM, as a person stopping it would; waits for the exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the sandbox did not stop within 30 s of SIGTERM");
        }
    }

    /** SIGKILL: nothing runs on the way out, as after a crash. The task processes it started live on until the next start reaps them. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    CloudFormationClient cloudFormation() {
        return CloudFormationClient.builder().endpointOverride(endpoint).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    EcsClient ecs() {
        return EcsClient.builder().endpointOverride(endpoint).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    EcrClient ecr() {
        return EcrClient.builder().endpointOverride(endpoint).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    SsmClient ssm() {
        return SsmClient.builder().endpointOverride(endpoint).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    static String jar() {
        return Path.of(System.getProperty("sandbox.jar", "target/sandbox.jar")).toAbsolutePath().toString();
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
