package com.questportal.sandbox.ecs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file per running task process, {@code <task id>.pid} holding its pid and start time, so that a
 * sandbox started after a crash (kill -9, power loss) finds the task processes the last one left
 * running and stops them. The start time tells a leftover from an unrelated process that reuses the pid.
 */
final class TaskPidFiles {

    private static final Logger log = LoggerFactory.getLogger(TaskPidFiles.class);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Path directory;

    TaskPidFiles(Path directory) {
        this.directory = directory;
    }

    void record(String taskId, Process process) {
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(taskId + ".pid"), process.pid() + " " + started + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the process of task " + taskId + " under " + directory, e);
        }
    }

    void forget(String taskId) {
        try {
            Files.deleteIfExists(directory.resolve(taskId + ".pid"));
        } catch (IOException e) {
            log.warn("event=task_pid_file_not_deleted task={} reason=\"{}\"", taskId, e.getMessage());
        }
    }

    /** Stops every task process a previous sandbox left running (SIGTERM, then SIGKILL after a grace period); returns how many. */
    int reapLeftovers() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        List<Path> files;
        try (var listing = Files.list(directory)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".pid")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list leftover task processes under " + directory, e);
        }
        int reaped = 0;
        for (Path file : files) {
            String taskId = file.getFileName().toString().replace(".pid", "");
            Optional<ProcessHandle> leftover = leftover(file);
            if (leftover.isPresent()) {
                stop(leftover.get());
                reaped++;
                log.warn("event=leftover_task_reaped task={} pid={}: the previous sandbox did not stop it", taskId, leftover.get().pid());
            }
            forget(taskId);
        }
        return reaped;
    }

    private static Optional<ProcessHandle> leftover(Path file) {
        try {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
            long pid = Long.parseLong(parts[0]);
            long started = Long.parseLong(parts[1]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> handle.info().startInstant()
                    .map(at -> Math.abs(at.toEpochMilli() - started) < 1_000).orElse(false));
        } catch (IOException | RuntimeException unreadable) {
            log.warn("event=task_pid_file_unreadable file={} reason=\"{}\"", file, unreadable.getMessage());
            return Optional.empty();
        }
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException stubborn) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
