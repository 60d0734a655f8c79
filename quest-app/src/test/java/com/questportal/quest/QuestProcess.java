package com.questportal.quest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged quest jar running as a child process with exactly the environment a test gives it. */
final class QuestProcess implements AutoCloseable {

    private static final Pattern STARTED_PORT = Pattern.compile("\"event\":\"started\",\"port\":(\\d+)");

    private final Process process;
    private final Path stdoutFile;
    private final int port;

    private QuestProcess(Process process, Path stdoutFile) throws InterruptedException {
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.port = awaitPort(Duration.ofSeconds(15));
    }

    static QuestProcess start(Map<String, String> environment) throws IOException, InterruptedException {
        String jar = System.getProperty("quest.jar", "target/quest-app.jar");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", Path.of(jar).toAbsolutePath().toString());
        builder.environment().clear();
        builder.environment().put("PORT", "0");
        builder.environment().put("QUEST_FILESYSTEM_ROOT", "/nonexistent-quest-root");
        builder.environment().putAll(environment);
        Path stdoutFile = Files.createTempFile("quest-stdout", ".log");
        stdoutFile.toFile().deleteOnExit();
        builder.redirectErrorStream(true).redirectOutput(stdoutFile.toFile());
        return new QuestProcess(builder.start(), stdoutFile);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }


    int port() {
        return port;
    }

    /** Every line the process has written so far, stdout and stderr together. */
    List<String> stdout() {
        try {
            return Files.readAllLines(stdoutFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM, as ECS does to stop a container. */
    void terminate() {
        process.destroy();
    }

    boolean awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private int awaitPort(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : stdout()) {
                Matcher matcher = STARTED_PORT.matcher(line);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("quest exited with " + process.exitValue() + " before it started: " + stdout());
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("quest did not log its start within " + within + ": " + stdout());
    }
}
