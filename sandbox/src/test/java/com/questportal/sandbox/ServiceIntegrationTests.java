package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionSummary;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.waiters.EcsWaiter;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** ECS services through the SDK: a dead task is replaced, a bad image trips the circuit breaker and rolls back. */
class ServiceIntegrationTests {

    private static final String IMAGE = "000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest";

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    EcsClient ecs;

    @BeforeEach
    void start() {
        Path jar = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();
        Path options = Path.of(System.getProperty("quest.jvm.options", "../quest-app/jvm.options")).toAbsolutePath().normalize();
        assertThat(jar).as("the quest-app jar: ./mvnw -pl sandbox -am verify builds it first").exists();
        fixture = SandboxFixture.start(dataDir);
        ecs = fixture.ecs();
        try (EcrClient ecr = fixture.ecr(); SsmClient ssm = fixture.ssm()) {
            ecr.createRepository(r -> r.repositoryName("quest"));
            String annotations = "\"com.questportal.sandbox.jar\":\"" + jar + "\",\"com.questportal.sandbox.java-options\":\"@" + options + "\"";
            ecr.putImage(r -> r.repositoryName("quest").imageTag("v1").imageManifest("{\"layers\":[],\"annotations\":{" + annotations + "}}"));
            ecr.putImage(r -> r.repositoryName("quest").imageTag("broken").imageManifest("{\"layers\":[],\"annotations\":{" + annotations
                    + ",\"com.questportal.sandbox.env.QUEST_CRASH_AT_START\":\"true\"}}"));
            ssm.putParameter(r -> r.name("/quest/dev/secret_word").value("TwelveFactor").type(ParameterType.SECURE_STRING));
        }
        ecs.createCluster(r -> r.clusterName("dev-quest_ecs"));
        register("v1");
        ecs.createService(r -> r.cluster("dev-quest_ecs").serviceName("dev-quest_service").taskDefinition("dev-quest_task:1")
                .desiredCount(2).launchType("FARGATE")
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1", "subnet-2").assignPublicIp("ENABLED")))
                .deploymentConfiguration(d -> d.minimumHealthyPercent(100).maximumPercent(200)
                        .deploymentCircuitBreaker(b -> b.enable(true).rollback(true))));
        waiter().waitUntilServicesStable(r -> r.cluster("dev-quest_ecs").services("dev-quest_service"));
    }

    @AfterEach
    void stop() {
        ecs.close();
        fixture.close();
    }

    private void register(String tag) {
        ecs.registerTaskDefinition(r -> r.family("dev-quest_task").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                .cpu("256").memory("512").containerDefinitions(c -> c.name("quest").image(IMAGE + ":" + tag).essential(true).stopTimeout(5)
                        .portMappings(p -> p.containerPort(3000)).environment(e -> e.name("PORT").value("3000"))
                        .secrets(s -> s.name("SECRET_WORD").valueFrom("/quest/dev/secret_word"))));
    }

    @Test
    void aTaskKilledThroughTheFaultApiIsReplacedAndTheEventsSaySo() throws Exception {
        String taskId = ecs.listTasks(r -> r.cluster("dev-quest_ecs")).taskArns().get(0).replaceAll(".*/", "");

        var killed = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        fixture.sandbox.endpoint().resolve("/_sandbox/faults/kill-task"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"taskId\":\"" + taskId + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(killed.statusCode()).isEqualTo(200);

        Service recovered = await(service -> service.events().stream().anyMatch(e -> e.message().contains("has stopped 1 running tasks"))
                && service.runningCount() == 2 && service.events().get(0).message().endsWith("has reached a steady state."));
        List<String> messages = recovered.events().stream().map(ServiceEvent::message).toList();
        assertThat(messages.indexOf("(service dev-quest_service) has reached a steady state."))
                .as("steady again after the replacement").isLessThan(messages.stream()
                        .filter(message -> message.contains("has stopped 1 running tasks")).findFirst().map(messages::indexOf).orElseThrow());
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isEqualTo(2);
    }

    @Test
    void aBrokenImageTripsTheCircuitBreakerAndTheServiceRollsBack() throws Exception {
        // Stable (the waiter's test) comes a moment before the first deployment's record says SUCCESSFUL; a deploy in between
        // would stop it rather than follow it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ecs.listServiceDeployments(r -> r
                .cluster("dev-quest_ecs").service("dev-quest_service")).serviceDeployments().stream()
                .anyMatch(record -> "SUCCESSFUL".equals(record.statusAsString())));
        register("broken");
        ecs.updateService(r -> r.cluster("dev-quest_ecs").service("dev-quest_service").taskDefinition("dev-quest_task:2"));

        Service rolledBack = await(service -> service.events().stream().anyMatch(e -> e.message().contains("rolling back to deployment"))
                && service.deployments().size() == 1 && "COMPLETED".equals(service.deployments().get(0).rolloutStateAsString()));

        assertThat(rolledBack.taskDefinition()).endsWith("task-definition/dev-quest_task:1");
        assertThat(rolledBack.runningCount()).isEqualTo(2);
        assertThat(rolledBack.events()).extracting(ServiceEvent::message)
                .anySatisfy(message -> assertThat(message).endsWith("deployment failed: tasks failed to start."))
                .anySatisfy(message -> assertThat(message).startsWith("(service dev-quest_service) rolling back to deployment ecs-svc/"));

        List<ServiceDeploymentBrief> records = ecs.listServiceDeployments(r -> r.cluster("dev-quest_ecs").service("dev-quest_service"))
                .serviceDeployments();
        assertThat(records).extracting(ServiceDeploymentBrief::statusAsString).as("newest first; the rollback is the failed one's")
                .containsExactly("ROLLBACK_SUCCESSFUL", "SUCCESSFUL");
        assertThat(records).allSatisfy(record -> assertThat(record.finishedAt()).isNotNull());
        assertThat(ecs.listServiceDeployments(r -> r.cluster("dev-quest_ecs").service("dev-quest_service")
                .status(ServiceDeploymentStatus.SUCCESSFUL)).serviceDeployments()).singleElement()
                .satisfies(record -> assertThat(record.serviceDeploymentArn()).isEqualTo(records.get(1).serviceDeploymentArn()));

        String missing = records.get(0).serviceDeploymentArn().replaceAll("/\\d+$", "/1");
        DescribeServiceDeploymentsResponse described = ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(
                records.get(0).serviceDeploymentArn(), missing));
        assertThat(described.failures()).singleElement().satisfies(failure -> assertThat(failure.reason()).isEqualTo("MISSING"));
        ServiceDeployment failed = described.serviceDeployments().get(0);
        assertThat(failed.serviceDeploymentArn()).matches("arn:aws:ecs:eu-west-1:000000000000:service-deployment/dev-quest_ecs/"
                + "dev-quest_service/\\d+");
        assertThat(failed.deploymentCircuitBreaker().statusAsString()).isEqualTo("TRIGGERED");
        assertThat(failed.deploymentCircuitBreaker().failureCount()).isGreaterThanOrEqualTo(failed.deploymentCircuitBreaker().threshold());
        assertThat(failed.rollback().serviceRevisionArn()).as("rolled back to the first deployment's revision")
                .isEqualTo(records.get(1).targetServiceRevisionArn());
        assertThat(failed.sourceServiceRevisions()).extracting(ServiceRevisionSummary::arn)
                .containsExactly(records.get(1).targetServiceRevisionArn());
        assertThat(failed.targetServiceRevision().runningTaskCount()).as("its tasks all failed").isZero();
        assertThat(catchThrowableOfType(ServiceNotFoundException.class, () -> ecs.listServiceDeployments(r -> r.cluster("dev-quest_ecs")
                .service("no-such-service")))).isNotNull();
    }

    private Service await(Predicate<Service> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Service service = null;
        while (System.nanoTime() < deadline) {
            service = ecs.describeServices(r -> r.cluster("dev-quest_ecs").services("dev-quest_service")).services().get(0);
            if (condition.test(service)) {
                return service;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service never got there; last seen: " + service);
    }

    private EcsWaiter waiter() {
        return EcsWaiter.builder().client(ecs).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200))).maxAttempts(300).build()).build();
    }
}
