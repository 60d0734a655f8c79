package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** ECS tasks as real processes: the quest-app jar published to the sandbox's ECR, run, observed from inside, stopped. */
class TaskIntegrationTests {

    private static final String IMAGE = "000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    EcsClient ecs;
    CloudWatchLogsClient logs;

    @BeforeEach
    void start() {
        Path jar = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();
        Path options = Path.of(System.getProperty("quest.jvm.options", "../quest-app/jvm.options")).toAbsolutePath().normalize();
        assertThat(jar).as("the quest-app jar: ./mvnw -pl sandbox -am verify builds it first").exists();
        fixture = SandboxFixture.start(dataDir);
        ecs = fixture.ecs();
        logs = fixture.logs();
        try (EcrClient ecr = fixture.ecr(); SsmClient ssm = fixture.ssm()) {
            ecr.createRepository(r -> r.repositoryName("quest"));
            ecr.putImage(r -> r.repositoryName("quest").imageTag("v1").imageManifest(
                    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[],"
                            + "\"annotations\":{\"com.questportal.sandbox.jar\":\"" + jar + "\","
                            + "\"com.questportal.sandbox.java-options\":\"@" + options + "\"}}"));
            ssm.putParameter(r -> r.name("/quest/dev/secret_word").value("TwelveFactor").type(ParameterType.SECURE_STRING));
        }
        logs.createLogGroup(r -> r.logGroupName("dev-quest_task_logs"));
        ecs.createCluster(r -> r.clusterName("dev-quest_ecs"));
    }

    @AfterEach
    void stop() {
        ecs.close();
        logs.close();
        fixture.close();
    }

    private void register(String tag, String secretParameter) {
        ecs.registerTaskDefinition(r -> r.family("dev-quest_task").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                .cpu("256").memory("512").containerDefinitions(c -> c.name("quest").image(IMAGE + ":" + tag).essential(true).stopTimeout(5)
                        .portMappings(p -> p.containerPort(3000))
                        .environment(e -> e.name("PORT").value("3000"), e -> e.name("IMAGE_TAG").value(tag))
                        .secrets(s -> s.name("SECRET_WORD").valueFrom("arn:aws:ssm:eu-west-1:000000000000:parameter" + secretParameter))
                        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(java.util.Map.of(
                                "awslogs-group", "dev-quest_task_logs", "awslogs-region", "eu-west-1", "awslogs-stream-prefix", "quest")))));
    }

    private Task run() {
        return ecs.runTask(r -> r.cluster("dev-quest_ecs").taskDefinition("dev-quest_task")).tasks().get(0);
    }

    private Task await(String taskArn, Predicate<Task> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Task task = null;
        while (System.nanoTime() < deadline) {
            task = ecs.describeTasks(r -> r.cluster("dev-quest_ecs").tasks(taskArn)).tasks().get(0);
            if (condition.test(task)) {
                return task;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the task never got there; last seen: " + task);
    }

    private static String ip(Task task) {
        return task.containers().get(0).networkInterfaces().get(0).privateIpv4Address();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> awaitHealthy(String ip) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = get("http://" + ip + ":3000/health");
                if (health.statusCode() == 200) {
                    return health;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the task's /health never answered 200");
    }

    @Test
    void aTaskRunsTheImagesProgramWithItsSecretOnItsOwnAddressAndShipsItsLogs() throws Exception {
        register("v1", "/quest/dev/secret_word");
        Task task = await(run().taskArn(), t -> "RUNNING".equals(t.lastStatus()));
        String ip = ip(task);

        assertThat(ip).startsWith("127.0.");
        awaitHealthy(ip);
        assertThat(get("http://" + ip + ":3000/secret_word").body()).contains("\"passed\":true");
        assertThat(get("http://" + ip + ":3000/aws").body()).contains("\"passed\":true").contains(task.taskArn());
        assertThat(get("http://" + ip + ":3000/version").body()).contains("\"imageTag\":\"v1\"");

        String stream = "quest/quest/" + task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
        List<FilteredLogEvent> lines = awaitLogLines(stream, "/secret_word");
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(0).message()).contains("\"event\":\"request\"", "\"status\":200");
        assertThat(logs.filterLogEvents(r -> r.logGroupName("dev-quest_task_logs").logStreamNames(stream)).events())
                .anySatisfy(line -> assertThat(line.message()).contains("\"event\":\"started\"")).noneSatisfy(line ->
                        assertThat(line.message()).contains("TwelveFactor"));
    }

    @Test
    void stoppingATaskSendsSigtermAndRecordsHowItEnded() throws Exception {
        register("v1", "/quest/dev/secret_word");
        Task task = await(run().taskArn(), t -> "RUNNING".equals(t.lastStatus()));
        awaitHealthy(ip(task));

        ecs.stopTask(r -> r.cluster("dev-quest_ecs").task(task.taskArn()).reason("Scaling down"));
        Task stopped = await(task.taskArn(), t -> "STOPPED".equals(t.lastStatus()));

        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(stopped.stoppedReason()).isEqualTo("Scaling down");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(143);
        assertThat(stopped.stoppingAt()).isNotNull();
        assertThat(stopped.stoppedAt()).isAfterOrEqualTo(stopped.stoppingAt());
        assertThat(listening(ip(task))).isFalse();
        assertThat(ecs.listTasks(r -> r.cluster("dev-quest_ecs")).taskArns()).isEmpty();
    }

    @Test
    void aMissingSecretOrImageStopsTheTaskWithEcssReason() throws Exception {
        register("v1", "/quest/dev/no_such_parameter");
        Task noSecret = await(run().taskArn(), t -> "STOPPED".equals(t.lastStatus()));
        register("v404", "/quest/dev/secret_word");
        Task noImage = await(run().taskArn(), t -> "STOPPED".equals(t.lastStatus()));

        assertThat(noSecret.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(noSecret.stoppedReason()).startsWith("ResourceInitializationError: unable to pull secrets")
                .contains("/quest/dev/no_such_parameter");
        assertThat(noImage.stoppedReason()).startsWith("CannotPullContainerError").contains(IMAGE + ":v404");
    }

    @Test
    void noTaskProcessOutlivesTheSandbox() throws Exception {
        register("v1", "/quest/dev/secret_word");
        Task task = await(run().taskArn(), t -> "RUNNING".equals(t.lastStatus()));
        awaitHealthy(ip(task));
        List<ProcessHandle> processes = ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains("quest-app")).toList();
        assertThat(processes).as("the task's own process, a child of the sandbox").isNotEmpty();

        fixture.close();

        assertThat(processes).as("no task process outlives the sandbox").noneMatch(ProcessHandle::isAlive);
        assertThat(listening(ip(task))).isFalse();
        fixture = SandboxFixture.start(Files.createDirectories(dataDir.resolve("again")));
        ecs.close();
        ecs = fixture.ecs();
        logs.close();
        logs = fixture.logs();
    }

    private List<FilteredLogEvent> awaitLogLines(String stream, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<FilteredLogEvent> found = logs.filterLogEvents(r -> r.logGroupName("dev-quest_task_logs").logStreamNames(stream)
                    .filterPattern("\"" + text + "\"")).events();
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(20);
        }
        return List.of();
    }

    private static boolean listening(String ip) {
        try (Socket socket = new Socket(ip, 3000)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
