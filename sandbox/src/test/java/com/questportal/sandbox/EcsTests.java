package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** ECS clusters and task definitions through the real SDK. */
class EcsTests {

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    EcsClient ecs;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
        ecs = fixture.ecs();
    }

    @AfterEach
    void stop() {
        ecs.close();
        fixture.close();
    }

    private static RegisterTaskDefinitionRequest.Builder quest(String cpu, String memory) {
        return RegisterTaskDefinitionRequest.builder().family("dev-quest_task").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu(cpu).memory(memory)
                .containerDefinitions(c -> c.name("quest").image("000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest:v1")
                        .portMappings(p -> p.containerPort(3000)).environment(e -> e.name("IMAGE_TAG").value("v1")));
    }

    @Test
    void revisionsCountUpAndAFamilyMeansItsLatestActiveRevision() {
        ecs.registerTaskDefinition(quest("256", "512").build());
        TaskDefinition second = ecs.registerTaskDefinition(quest("512", "1024").build()).taskDefinition();
        ecs.deregisterTaskDefinition(r -> r.taskDefinition("dev-quest_task:2"));

        TaskDefinition latest = ecs.describeTaskDefinition(r -> r.taskDefinition("dev-quest_task")).taskDefinition();

        assertThat(second.taskDefinitionArn()).isEqualTo("arn:aws:ecs:eu-west-1:000000000000:task-definition/dev-quest_task:2");
        assertThat(latest.revision()).isEqualTo(1);
        assertThat(latest.containerDefinitions().get(0).portMappings().get(0).containerPort()).isEqualTo(3000);
        assertThat(ecs.listTaskDefinitions(r -> r.status("INACTIVE")).taskDefinitionArns()).singleElement()
                .satisfies(arn -> assertThat(arn).endsWith(":2"));
    }

    @Test
    void clustersAreCreatedIdempotentlyAndMissingOnesAreReportedAsFailures() {
        String arn = ecs.createCluster(r -> r.clusterName("dev-quest_ecs")).cluster().clusterArn();
        assertThat(ecs.createCluster(r -> r.clusterName("dev-quest_ecs")).cluster().clusterArn()).isEqualTo(arn);

        var described = ecs.describeClusters(r -> r.clusters("dev-quest_ecs", "ghost"));

        assertThat(described.clusters()).singleElement().satisfies(cluster -> assertThat(cluster.status()).isEqualTo("ACTIVE"));
        assertThat(described.failures()).singleElement().satisfies(failure -> assertThat(failure.reason()).isEqualTo("MISSING"));
        assertThat(ecs.deleteCluster(r -> r.cluster(arn)).cluster().status()).isEqualTo("INACTIVE");
        assertThat(ecs.listClusters().clusterArns()).isEmpty();
    }

    @Test
    void fargateRefusesWhatItCannotRun() {
        assertThatExceptionOfType(ClientException.class).isThrownBy(() -> ecs.registerTaskDefinition(quest("256", "4096").build()))
                .withMessageContaining("No Fargate configuration exists for given values: 256 CPU, 4096 memory");
        assertThatExceptionOfType(ClientException.class)
                .isThrownBy(() -> ecs.registerTaskDefinition(quest("256", "512").networkMode(NetworkMode.BRIDGE).build()))
                .withMessageContaining("Fargate only supports network mode 'awsvpc'");
        assertThatExceptionOfType(ClientException.class)
                .isThrownBy(() -> ecs.describeTaskDefinition(r -> r.taskDefinition("dev-quest_task")))
                .withMessageContaining("Unable to describe task definition.");
    }
}
