package com.questportal.sandbox.ecs;

import com.questportal.sandbox.ecr.EcrService;
import com.questportal.sandbox.ecr.ImageAnnotations;
import com.questportal.sandbox.logs.LogsService;
import com.questportal.sandbox.runtime.DaemonThreads;
import com.questportal.sandbox.ssm.SsmService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Runs each task as a real process, as the ECS agent runs a container: the image's program from
 * ECR (a runnable jar named by the manifest's {@code com.questportal.sandbox.jar} annotation), the
 * task definition's environment, its {@code secrets} read from SSM at start, its own loopback
 * address in place of an ENI, the task metadata endpoint v4, and stdout/stderr shipped to the
 * awslogs stream {@code prefix/container/task-id}. Stopping is SIGTERM, then SIGKILL after the
 * container's stopTimeout.
 */
final class TaskRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final EcrService ecr;
    private final SsmService ssm;
    private final LogsService logs;
    private final Supplier<URI> metadataBase;
    private final Clock clock;
    private final Duration stepDelay;
    private final TaskPidFiles pidFiles;
    /** A PutLogEvents batch holds at most 10,000 events; the awslogs driver ships far fewer at a time. */
    private static final int MAX_LINES_PER_SHIPMENT = 1_000;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named("sandbox-tasks"));
    final Map<String, TaskState> tasks = new ConcurrentHashMap<>();
    private final Set<String> addressesInUse = ConcurrentHashMap.newKeySet();

    TaskRunner(EcrService ecr, SsmService ssm, LogsService logs, Supplier<URI> metadataBase, Clock clock, Duration stepDelay,
               TaskPidFiles pidFiles) {
        this.pidFiles = pidFiles;
        this.ecr = ecr;
        this.ssm = ssm;
        this.logs = logs;
        this.metadataBase = metadataBase;
        this.clock = clock;
        this.stepDelay = stepDelay;
    }

    /** Tasks meant to run and not stopped, as ECS counts them: running once RUNNING, pending before. */
    record Counts(int running, int pending) {
    }

    Counts count(Predicate<TaskState> which) {
        int running = 0;
        int pending = 0;
        for (TaskState task : tasks.values()) {
            if (which.test(task) && task.stoppedAt == null && "RUNNING".equals(task.desiredStatus)) {
                if ("RUNNING".equals(task.lastStatus)) {
                    running++;
                } else {
                    pending++;
                }
            }
        }
        return new Counts(running, pending);
    }

    TaskState start(String account, String region, String clusterArn, TaskDefinition definition, String group, String startedBy) {
        String id = UUID.randomUUID().toString().replace("-", "");
        String arn = "arn:aws:ecs:" + region + ":" + account + ":task/" + clusterArn.substring(clusterArn.lastIndexOf('/') + 1) + "/" + id;
        List<PortMapping> ports = definition.containerDefinitions().get(0).portMappings();
        String address = allocateAddress(ports.isEmpty() ? null : ports.get(0).containerPort());
        TaskState task = new TaskState(arn, id, account, region, clusterArn, definition, group, startedBy, address, clock.instant());
        tasks.put(arn, task);
        scheduler.schedule(() -> launch(task), stepDelay.toMillis(), TimeUnit.MILLISECONDS);
        return task;
    }

    void stop(TaskState task, String reason, String stopCode) {
        Process process;
        synchronized (task) {
            if (!"RUNNING".equals(task.desiredStatus)) {
                return;
            }
            task.desiredStatus = "STOPPED";
            task.stoppingAt = clock.instant();
            task.stopCode = stopCode;
            task.stoppedReason = reason;
            process = task.process;
            if (process == null) {
                finish(task, null);
                return;
            }
            task.lastStatus = "STOPPING";
        }
        process.destroy();
        Integer timeout = task.definition.containerDefinitions().get(0).stopTimeout();
        scheduler.schedule(() -> {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }, timeout == null ? 30 : timeout, TimeUnit.SECONDS);
    }

    private void launch(TaskState task) {
        synchronized (task) {
            if (!"RUNNING".equals(task.desiredStatus)) {
                return;
            }
            task.lastStatus = "PENDING";
            task.pullStartedAt = clock.instant();
        }
        ContainerDefinition container = task.definition.containerDefinitions().get(0);
        Optional<String> manifest = ecr.manifest(task.account, task.region, container.image());
        Map<String, String> annotations = manifest.map(TaskRunner::annotations).orElse(Map.of());
        if (annotations.get(ImageAnnotations.JAR) == null) {
            failToStart(task, "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref "
                    + container.image() + ": not found");
            return;
        }
        Map<String, String> environment = new LinkedHashMap<>();
        annotations.forEach((key, value) -> {
            if (key.startsWith(ImageAnnotations.ENV_PREFIX)) {
                environment.put(key.substring(ImageAnnotations.ENV_PREFIX.length()), value);
            }
        });
        container.environment().forEach(variable -> environment.put(variable.name(), variable.value()));
        List<String> missing = new ArrayList<>();
        container.secrets().forEach(secret -> ssm.valueOf(task.account, task.region, secret.valueFrom())
                .ifPresentOrElse(value -> environment.put(secret.name(), value), () -> missing.add(secret.valueFrom())));
        if (!missing.isEmpty()) {
            failToStart(task, "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
                    + "failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: "
                    + String.join(" ", missing));
            return;
        }
        environment.put("BIND_ADDRESS", task.ip);
        environment.put("ECS_CONTAINER_METADATA_URI_V4", metadataBase.get() + "/_sandbox/task-metadata/" + task.id);
        environment.put("AWS_REGION", task.region);
        environment.put("AWS_DEFAULT_REGION", task.region);
        environment.put("AWS_EXECUTION_ENV", "AWS_ECS_FARGATE");
        // Fargate runs every task in a container; the sandbox stands in for that runtime and names itself the way container
        // managers do (systemd's container interface), so that a task can tell it runs under one — and which.
        environment.put("container", "quest-sandbox");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String javaOptions = annotations.get(ImageAnnotations.JAVA_OPTIONS);
        if (javaOptions != null && !javaOptions.isBlank()) {
            command.addAll(List.of(javaOptions.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(annotations.get(ImageAnnotations.JAR));
        command.addAll(container.command());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            failToStart(task, "CannotStartContainerError: " + e.getMessage());
            return;
        }
        pidFiles.record(task.id, process);
        synchronized (task) {
            task.process = process;
            task.lastStatus = "ACTIVATING";
        }
        Integer port = container.portMappings().isEmpty() ? null : container.portMappings().get(0).containerPort();
        scheduler.schedule(() -> activate(task, process, port), 0, TimeUnit.MILLISECONDS);
        Thread shipper = new Thread(() -> shipLogs(task, process), "sandbox-task-logs-" + task.id.substring(0, 8));
        shipper.setDaemon(true);
        shipper.start();
        process.onExit().thenAccept(exited -> finish(task, exited.exitValue()));
        log.info("event=task_started task={} ip={} image={}", task.arn, task.ip, container.image());
    }

    /**
     * A container is RUNNING once it answers on its port (at once when it maps none); one that exits
     * first never was. Without this a program that crashes at start would look running for a moment.
     */
    private void activate(TaskState task, Process process, Integer port) {
        boolean answering = port == null;
        if (!answering) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(task.ip, port), 200);
                answering = true;
            } catch (IOException notYet) {
                answering = false;
            }
        }
        synchronized (task) {
            if (!process.isAlive() || !"ACTIVATING".equals(task.lastStatus)) {
                return;
            }
            if (answering) {
                task.lastStatus = "RUNNING";
                task.startedAt = clock.instant();
                return;
            }
        }
        scheduler.schedule(() -> activate(task, process, port), 50, TimeUnit.MILLISECONDS);
    }

    private void shipLogs(TaskState task, Process process) {
        ContainerDefinition container = task.definition.containerDefinitions().get(0);
        var logConfiguration = container.logConfiguration();
        String group = logConfiguration == null || !"awslogs".equals(logConfiguration.logDriverAsString()) ? null
                : logConfiguration.options().get("awslogs-group");
        String stream = group == null ? null : logConfiguration.options().getOrDefault("awslogs-stream-prefix", "ecs") + "/"
                + container.name() + "/" + task.id;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<long[]> times = new ArrayList<>();
            List<String> batch = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (group == null) {
                    continue;
                }
                long now = clock.millis();
                times.add(new long[] {now, now});
                batch.add(line);
                // Ships what has arrived so far in one append: as soon as the task pauses, never holding a line back.
                if (!lines.ready() || batch.size() >= MAX_LINES_PER_SHIPMENT) {
                    logs.ship(task.account, task.region, group, stream, times, batch);
                    times = new ArrayList<>();
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                logs.ship(task.account, task.region, group, stream, times, batch);
            }
        } catch (IOException e) {
            log.debug("event=task_output_closed task={} reason=\"{}\"", task.arn, e.getMessage());
        }
    }

    private void failToStart(TaskState task, String reason) {
        synchronized (task) {
            task.desiredStatus = "STOPPED";
            task.stopCode = "TaskFailedToStart";
            task.stoppedReason = reason;
        }
        finish(task, null);
    }

    private void finish(TaskState task, Integer exitCode) {
        pidFiles.forget(task.id);
        synchronized (task) {
            if (task.stoppedAt != null) {
                return;
            }
            if (task.stopCode == null) {
                task.stopCode = "EssentialContainerExited";
                task.stoppedReason = "Essential container in task exited";
            }
            task.desiredStatus = "STOPPED";
            task.exitCode = exitCode;
            task.lastStatus = "STOPPED";
            task.stoppedAt = clock.instant();
        }
        addressesInUse.remove(task.ip);
        log.info("event=task_stopped task={} exitCode={} reason=\"{}\"", task.arn, exitCode, task.stoppedReason);
    }

    /** The ECS task metadata endpoint v4 document for a task, or null when there is no such task. */
    String metadata(String id, boolean whole) {
        TaskState task = tasks.values().stream().filter(candidate -> candidate.id.equals(id)).findFirst().orElse(null);
        if (task == null) {
            return null;
        }
        synchronized (task) {
            ContainerDefinition container = task.definition.containerDefinitions().get(0);
            String containerJson = "{\"Name\":\"" + container.name() + "\",\"Image\":\"" + container.image() + "\",\"KnownStatus\":\""
                    + task.lastStatus + "\",\"Networks\":[{\"NetworkMode\":\"awsvpc\",\"IPv4Addresses\":[\"" + task.ip + "\"]}]}";
            if (!whole) {
                return containerJson;
            }
            return "{\"Cluster\":\"" + task.clusterArn + "\",\"TaskARN\":\"" + task.arn + "\",\"Family\":\"" + task.definition.family()
                    + "\",\"Revision\":\"" + task.definition.revision() + "\",\"DesiredStatus\":\"" + task.desiredStatus
                    + "\",\"KnownStatus\":\"" + task.lastStatus + "\",\"LaunchType\":\"FARGATE\",\"AvailabilityZone\":\"" + task.region
                    + "a\",\"Containers\":[" + containerJson + "]}";
        }
    }

    /**
     * A loopback address of its own for the task, on which nothing listens at the container's port: another
     * sandbox on the machine, a task a crash left behind or any other program may hold one, and the task
     * would then exit with "Address already in use". Each sandbox starts its search at a random address, so
     * that two sandboxes started together do not reach for the same one.
     */
    private String allocateAddress(Integer port) {
        int slots = 256 * 254;
        int first = ThreadLocalRandom.current().nextInt(slots);
        for (int i = 0; i < slots; i++) {
            int slot = (first + i) % slots;
            String address = "127.0." + (slot / 254) + "." + (slot % 254 + 1);
            if (address.equals("127.0.0.1") || !addressesInUse.add(address)) {
                continue;
            }
            if (port == null || isFree(address, port)) {
                return address;
            }
            addressesInUse.remove(address);
        }
        throw new IllegalStateException("every loopback address for tasks is in use");
    }

    private static boolean isFree(String address, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static Map<String, String> annotations(String manifest) {
        Map<String, String> annotations = new LinkedHashMap<>();
        try {
            JsonNode root = JsonNodeParser.create().parse(manifest);
            JsonNode found = root.isObject() ? root.asObject().get("annotations") : null;
            if (found != null && found.isObject()) {
                found.asObject().forEach((key, value) -> annotations.put(key, value.isString() ? value.asString() : value.toString()));
            }
        } catch (RuntimeException notJson) {
            log.debug("event=manifest_not_json");
        }
        return annotations;
    }

    /** Stops every task: SIGTERM to all, a moment to drain, then SIGKILL to what is left. No process outlives the sandbox. */
    @Override
    public void close() {
        List<Process> running = new ArrayList<>();
        for (TaskState task : tasks.values()) {
            synchronized (task) {
                if (task.process != null && task.process.isAlive()) {
                    running.add(task.process);
                }
            }
        }
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Process process : running) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        scheduler.shutdownNow();
    }
}
