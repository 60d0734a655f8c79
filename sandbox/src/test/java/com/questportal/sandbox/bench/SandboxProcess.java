package com.questportal.sandbox.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sandbox as its own process ({@code java -jar sandbox.jar}), so that a benchmark's clients do not share its JVM. */
final class SandboxProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening at (http://127\\.0\\.0\\.1:\\d+)");

    final Process process;
    final URI endpoint;

    private SandboxProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts {@code -Dsandbox.jar} (JVM options from {@code -Dsandbox.java.options}) on a free port over {@code work/data}. */
    static SandboxProcess start(Path work, String... extraArguments) throws Exception {
        Path log = work.resolve("sandbox.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        String javaOptions = javaOptions();
        if (!javaOptions.isBlank()) {
            command.addAll(List.of(javaOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", Path.of(System.getProperty("sandbox.jar", "target/sandbox.jar")).toAbsolutePath().toString(),
                "--port", "0", "--data-dir", work.resolve("data").toString()));
        command.addAll(List.of(extraArguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (matcher.find()) {
                return new SandboxProcess(process, URI.create(matcher.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the sandbox exited: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the sandbox did not start within 60 s");
    }

    static String javaOptions() {
        return System.getProperty("sandbox.java.options", "");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
