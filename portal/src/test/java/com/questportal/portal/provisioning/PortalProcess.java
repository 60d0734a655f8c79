package com.questportal.portal.provisioning;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A jar (the portal's or the sandbox's) run as a process of its own, its output kept line by line so that a
 * test can wait for a line and a failure can show what the process logged.
 */
public final class PortalProcess {

    /** The admin's password in a portal {@link #portal} starts. */
    public static final String BOOTSTRAP_PASSWORD = "crash-test-password";

    final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private PortalProcess(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                lines.add("(output closed: " + closed.getMessage() + ")");
            }
        }, "output-of-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    public static PortalProcess start(List<String> command) throws IOException {
        return new PortalProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The command run in the directory given, with these environment variables added to the test's. */
    public static PortalProcess start(List<String> command, Path directory, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new PortalProcess(builder.start());
    }

    public static PortalProcess start(List<String> command, Path directory) throws IOException {
        return start(command, directory, Map.of());
    }

    public Process process() {
        return process;
    }

    /** A sandbox of its own: the standalone jar, as AWS would be, and the endpoint it listens at. */
    public record Sandbox(PortalProcess process, URI endpoint) {
    }

    /** The standalone sandbox jar on a free loopback port, its state in the directory given. */
    public static Sandbox sandbox(Path dataDir) throws IOException {
        PortalProcess sandbox = start(List.of(java(), "-jar", jar("sandbox.jar", "../sandbox/target/sandbox.jar"), "--port", "0",
                "--data-dir", dataDir.toString()));
        return new Sandbox(sandbox, URI.create(sandbox.awaitLine(Pattern.compile("listening at (http://127\\.0\\.0\\.1:\\d+)")).group(1)));
    }

    /** The portal jar, started as its image starts it, with the bootstrap admin password and API token, on the port given. */
    public static PortalProcess portal(int port, String token, String... settings) throws IOException {
        List<String> command = new ArrayList<>(PortalImage.command());
        command.addAll(List.of("--server.port=" + port, "--portal.bootstrap.admin-password=" + BOOTSTRAP_PASSWORD, "--portal.bootstrap.api-token=" + token,
                "--portal.provisioning.poll-interval=PT0.5S", "--spring.main.banner-mode=off"));
        command.addAll(List.of(settings));
        PortalProcess portal = start(command);
        portal.awaitLine(Pattern.compile("Quest Portal is ready at"));
        return portal;
    }

    /** Waits up to 90 s for a line the pattern finds; fails with what the process printed when it exits first or never prints it. */
    public Matcher awaitLine(Pattern pattern) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .failFast("the process exited:\n" + String.join("\n", lines), () -> !process.isAlive())
                .until(() -> find(pattern), Optional::isPresent).orElseThrow();
    }

    /** How many lines so far the pattern finds. */
    public long lines(Pattern pattern) {
        return lines.stream().filter(line -> pattern.matcher(line).find()).count();
    }

    private Optional<Matcher> find(Pattern pattern) {
        return lines.stream().map(pattern::matcher).filter(Matcher::find).findFirst();
    }

    /** Waits for the process to end on its own: its exit code and everything it printed. */
    public Exited awaitExit(Duration patience) throws InterruptedException {
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + patience + ":\n" + String.join("\n", lines));
        }
        reader.join(5_000);  // it may still be reading the last lines
        return new Exited(process.exitValue(), String.join("\n", lines));
    }

    /** How a process ended. */
    public record Exited(int code, String output) {
    }

    /** What went wrong in the process, for a failure's message. */
    public String errors() {
        return String.join("\n", lines.stream().filter(line -> line.contains("ERROR") || line.contains("Exception")
                || line.startsWith("\tat ")).toList());
    }

    /** SIGKILL, as a crash: nothing of the process runs on the way out. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static String jar(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize().toString();
    }

    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
