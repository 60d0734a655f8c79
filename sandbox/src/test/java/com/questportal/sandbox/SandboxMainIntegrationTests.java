package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.sts.StsClient;

/** The standalone jar, as another process or the AWS CLI would start it. */
class SandboxMainIntegrationTests {

    private static final Pattern LISTENING = Pattern.compile("listening at (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path work;

    @Test
    void theStandaloneJarServesTheSdkAndKeepsItsStateAcrossRestarts() throws Exception {
        Path data = work.resolve("data");
        URI endpoint;
        Process first = start(data);
        try {
            endpoint = endpointOf(first);
            try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(SandboxFixture.REGION)
                    .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
                 SsmClient ssm = ssm(endpoint)) {
                assertThat(sts.getCallerIdentity().account()).isEqualTo("000000000000");
                ssm.putParameter(r -> r.name("/standalone/kept").value("yes").type(ParameterType.STRING));
            }
        } finally {
            first.destroy();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }

        Process second = start(data);
        try (SsmClient ssm = ssm(endpointOf(second))) {
            assertThat(ssm.getParameter(r -> r.name("/standalone/kept")).parameter().value()).isEqualTo("yes");
        } finally {
            second.destroy();
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRestartAfterACrashStopsTheTaskProcessesTheCrashedSandboxLeftRunning() throws Exception {
        Path data = work.resolve("data");
        Path quest = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();
        Process crashing = start(data);
        ProcessHandle task;
        try (EcsClient ecs = EcsClient.builder().endpointOverride(endpointOf(crashing)).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             EcrClient ecr = EcrClient.builder().endpointOverride(ecs.serviceClientConfiguration().endpointOverride().orElseThrow())
                .region(SandboxFixture.REGION).credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            ecr.createRepository(r -> r.repositoryName("quest"));
            ecr.putImage(r -> r.repositoryName("quest").imageTag("v1")
                    .imageManifest("{\"layers\":[],\"annotations\":{\"com.questportal.sandbox.jar\":\"" + quest + "\"}}"));
            ecs.createCluster(r -> r.clusterName("crash"));
            ecs.registerTaskDefinition(r -> r.family("quest").networkMode("awsvpc").requiresCompatibilitiesWithStrings("FARGATE")
                    .cpu("256").memory("512").containerDefinitions(c -> c.name("quest").essential(true)
                            .image("000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest:v1").portMappings(p -> p.containerPort(3000))));
            String arn = ecs.runTask(r -> r.cluster("crash").taskDefinition("quest").launchType("FARGATE")
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))).tasks().get(0).taskArn();
            ecs.waiter().waitUntilTasksRunning(r -> r.cluster("crash").tasks(arn), w -> w.maxAttempts(150)
                    .backoffStrategy(software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(Duration.ofMillis(200))));
            task = crashing.toHandle().children().filter(ProcessHandle::isAlive).findFirst().orElseThrow();
        }

        crashing.destroyForcibly();
        assertThat(crashing.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(task.isAlive()).as("the crash left the task's process running").isTrue();

        Process restarted = start(data);
        try {
            endpointOf(restarted);
            assertThat(task.onExit().get(15, TimeUnit.SECONDS).isAlive()).as("the restarted sandbox stopped the leftover").isFalse();
            try (var left = Files.list(data.resolve("ecs").resolve("running-tasks"))) {
                assertThat(left).as("no pid file of a leftover remains").isEmpty();
            }
        } finally {
            task.destroyForcibly();
            restarted.destroy();
            restarted.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void thePublishCommandPutsTheBuiltQuestAppInTheSandboxAndItsTasksRunIt() throws Exception {
        Path quest = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();
        Process sandbox = start(work.resolve("data"));
        try {
            URI endpoint = endpointOf(sandbox);
            Process publish = new ProcessBuilder(java(), "-jar", jar(), "publish", "--endpoint", endpoint.toString(), "--tag", "v9",
                    "--jar", quest.toString()).redirectErrorStream(true).start();
            assertThat(publish.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(publish.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("Published 000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest:v9 (sha256:", "the repository was created");
            assertThat(publish.exitValue()).isZero();

            try (EcsClient ecs = EcsClient.builder().endpointOverride(endpoint).region(SandboxFixture.REGION)
                    .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                ecs.createCluster(r -> r.clusterName("published"));
                ecs.registerTaskDefinition(r -> r.family("quest").networkMode("awsvpc").requiresCompatibilitiesWithStrings("FARGATE")
                        .cpu("256").memory("512").containerDefinitions(c -> c.name("quest").essential(true)
                                .image("000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest:v9").portMappings(p -> p.containerPort(3000))));
                String arn = ecs.runTask(r -> r.cluster("published").taskDefinition("quest").launchType("FARGATE")
                        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))).tasks().get(0).taskArn();
                ecs.waiter().waitUntilTasksRunning(r -> r.cluster("published").tasks(arn), w -> w.maxAttempts(150)
                        .backoffStrategy(software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(Duration.ofMillis(200))));
            }
            Process refused = new ProcessBuilder(java(), "-jar", jar(), "publish", "--endpoint", endpoint.toString(), "--tag", "v10",
                    "--jar", work.resolve("nothing.jar").toString()).redirectErrorStream(true).start();
            assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("There is no jar at");
            assertThat(refused.exitValue()).isEqualTo(1);
        } finally {
            sandbox.destroy();
            sandbox.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBadOptionIsExplainedAndExitsWithTwo() throws Exception {
        Process process = new ProcessBuilder(java(), "-jar", jar(), "--port", "seventy").redirectErrorStream(true).start();

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--port must be a number, was seventy").contains("usage: java -jar sandbox.jar");
    }

    private Process start(Path data) throws IOException {
        Path log = Files.createTempFile(work, "sandbox", ".log");
        return new ProcessBuilder(java(), "-jar", jar(), "--port", "0", "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private URI endpointOf(Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Path log = null;
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(work)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                    Matcher matcher = LISTENING.matcher(Files.readString(file));
                    if (matcher.find() && (log == null || !file.equals(log))) {
                        log = file;
                        if (process.isAlive()) {
                            Files.delete(file);
                            return URI.create(matcher.group(1));
                        }
                    }
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the sandbox exited with " + process.exitValue());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the sandbox did not say where it listens within 30 s");
    }

    private static SsmClient ssm(URI endpoint) {
        return SsmClient.builder().endpointOverride(endpoint).region(SandboxFixture.REGION).credentialsProvider(SandboxFixture.ROOT)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static String jar() {
        return Path.of(System.getProperty("sandbox.jar", "target/sandbox.jar")).toAbsolutePath().toString();
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
