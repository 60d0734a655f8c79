package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterContainsServicesException;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListServicesResponse;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.waiters.EcsWaiter;

/** ECS clusters, task definitions, services without tasks, and tags through the real SDK. */
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
    void theLargerFargateSizesGoInTheirGigabyteSteps() {
        assertThat(ecs.registerTaskDefinition(quest("4096", "17408").build()).taskDefinition().memory()).isEqualTo("17408");
        assertThat(ecs.registerTaskDefinition(quest("8192", "20480").build()).taskDefinition().cpu()).isEqualTo("8192");
        assertThatExceptionOfType(ClientException.class).isThrownBy(() -> ecs.registerTaskDefinition(quest("8192", "18432").build()))
                .withMessageContaining("No Fargate configuration exists for given values: 8192 CPU, 18432 memory");
        assertThatExceptionOfType(ClientException.class).isThrownBy(() -> ecs.registerTaskDefinition(quest("4096", "31744").build()));
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

    private void serviceOfNoTasks(String name) {
        ecs.createService(r -> r.cluster("dev-quest_ecs").serviceName(name).taskDefinition("dev-quest_task").desiredCount(0)
                .launchType("FARGATE").networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))
                .tags(t -> t.key("environment").value("dev")));
    }

    private EcsWaiter waiter() {
        return EcsWaiter.builder().client(ecs).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))).maxAttempts(100).build()).build();
    }

    @Test
    void servicesAreListedInPagesUpdatedAndDeleted() {
        ecs.createCluster(r -> r.clusterName("dev-quest_ecs"));
        ecs.registerTaskDefinition(quest("256", "512").build());
        for (int i = 1; i <= 12; i++) {
            serviceOfNoTasks("svc-" + i);
        }
        ecs.registerTaskDefinition(quest("512", "1024").build());

        ListServicesResponse firstPage = ecs.listServices(r -> r.cluster("dev-quest_ecs"));
        List<String> all = ecs.listServicesPaginator(r -> r.cluster("dev-quest_ecs")).serviceArns().stream().toList();
        Service updated = ecs.updateService(r -> r.cluster("dev-quest_ecs").service("svc-1").taskDefinition("dev-quest_task:2")
                .deploymentConfiguration(d -> d.minimumHealthyPercent(50).maximumPercent(150))).service();
        waiter().waitUntilServicesStable(r -> r.cluster("dev-quest_ecs").services("svc-1"));
        Service stable = ecs.describeServices(r -> r.cluster("dev-quest_ecs").services("svc-1")).services().get(0);
        Service deleted = ecs.deleteService(r -> r.cluster("dev-quest_ecs").service("svc-2")).service();
        waiter().waitUntilServicesInactive(r -> r.cluster("dev-quest_ecs").services("svc-2"));

        assertThat(firstPage.serviceArns()).hasSize(10);
        assertThat(firstPage.nextToken()).isNotNull();
        assertThat(all).hasSize(12).doesNotHaveDuplicates()
                .allSatisfy(arn -> assertThat(arn).startsWith("arn:aws:ecs:eu-west-1:000000000000:service/dev-quest_ecs/svc-"));
        assertThat(updated.taskDefinition()).endsWith("task-definition/dev-quest_task:2");
        assertThat(updated.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(50);
        assertThat(updated.deployments()).extracting(Deployment::status).containsExactly("PRIMARY", "ACTIVE");
        assertThat(stable.deployments()).singleElement().satisfies(deployment -> {
            assertThat(deployment.taskDefinition()).endsWith(":2");
            assertThat(deployment.rolloutStateAsString()).isEqualTo("COMPLETED");
        });
        assertThat(deleted.status()).isEqualTo("DRAINING");
        assertThat(ecs.listServicesPaginator(r -> r.cluster("dev-quest_ecs")).serviceArns().stream().toList()).hasSize(11)
                .noneMatch(arn -> arn.endsWith("/svc-2"));
    }

    @Test
    void serviceCallsOnWhatDoesNotExistGetEcsErrorsAndChangeNothing() {
        ecs.createCluster(r -> r.clusterName("dev-quest_ecs"));
        ecs.registerTaskDefinition(quest("256", "512").build());
        serviceOfNoTasks("svc-1");

        assertThatExceptionOfType(ServiceNotFoundException.class)
                .isThrownBy(() -> ecs.updateService(r -> r.cluster("dev-quest_ecs").service("ghost").desiredCount(1)));
        assertThatExceptionOfType(ServiceNotFoundException.class)
                .isThrownBy(() -> ecs.deleteService(r -> r.cluster("dev-quest_ecs").service("ghost")));
        assertThatExceptionOfType(ClusterNotFoundException.class)
                .isThrownBy(() -> ecs.deleteService(r -> r.cluster("ghost").service("svc-1")));
        assertThatExceptionOfType(ClusterNotFoundException.class).isThrownBy(() -> ecs.listServices(r -> r.cluster("ghost")));
        assertThatExceptionOfType(EcsException.class)
                .isThrownBy(() -> ecs.listServices(r -> r.cluster("dev-quest_ecs").maxResults(101)))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .withMessageContaining("Member must have value less than or equal to 100");
        assertThatExceptionOfType(EcsException.class)
                .isThrownBy(() -> ecs.describeServices(r -> r.cluster("dev-quest_ecs")
                        .services("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(ecs.describeServices(r -> r.cluster("dev-quest_ecs").services("svc-1")).services().get(0).status())
                .isEqualTo("ACTIVE");
    }

    @Test
    void aClusterWithAServiceInItCannotBeDeleted() {
        ecs.createCluster(r -> r.clusterName("dev-quest_ecs"));
        ecs.registerTaskDefinition(quest("256", "512").build());
        serviceOfNoTasks("svc-1");

        Cluster withService = ecs.describeClusters(r -> r.clusters("dev-quest_ecs")).clusters().get(0);
        assertThatExceptionOfType(ClusterContainsServicesException.class)
                .isThrownBy(() -> ecs.deleteCluster(r -> r.cluster("dev-quest_ecs")))
                .withMessageContaining("The Cluster cannot be deleted while Services are active.");
        assertThat(ecs.describeClusters(r -> r.clusters("dev-quest_ecs")).clusters().get(0).status()).isEqualTo("ACTIVE");

        ecs.deleteService(r -> r.cluster("dev-quest_ecs").service("svc-1"));
        waiter().waitUntilServicesInactive(r -> r.cluster("dev-quest_ecs").services("svc-1"));

        assertThat(withService.activeServicesCount()).isEqualTo(1);
        assertThat(ecs.deleteCluster(r -> r.cluster("dev-quest_ecs")).cluster().status()).isEqualTo("INACTIVE");
    }

    @Test
    void tagsAreKeptPerResourceAddedRemovedAndListed() {
        String cluster = ecs.createCluster(r -> r.clusterName("dev-quest_ecs").tags(t -> t.key("team").value("quest")))
                .cluster().clusterArn();
        String definition = ecs.registerTaskDefinition(quest("256", "512").tags(t -> t.key("tier").value("web")).build())
                .taskDefinition().taskDefinitionArn();
        serviceOfNoTasks("svc-1");
        String service = "arn:aws:ecs:eu-west-1:000000000000:service/dev-quest_ecs/svc-1";

        ecs.tagResource(r -> r.resourceArn(cluster).tags(t -> t.key("environment").value("dev"), t -> t.key("team").value("platform")));
        ecs.untagResource(r -> r.resourceArn(service).tagKeys("environment"));
        ecs.tagResource(r -> r.resourceArn(service).tags(t -> t.key("owner").value("alice@example.com")));

        assertThat(ecs.listTagsForResource(r -> r.resourceArn(cluster)).tags()).extracting(Tag::key, Tag::value)
                .containsExactly(tuple("team", "platform"), tuple("environment", "dev"));
        assertThat(ecs.listTagsForResource(r -> r.resourceArn(service)).tags()).extracting(Tag::key)
                .containsExactly("owner");
        assertThat(ecs.describeClusters(r -> r.clusters(cluster).include(ClusterField.TAGS)).clusters().get(0).tags())
                .hasSize(2);
        assertThat(ecs.describeClusters(r -> r.clusters(cluster)).clusters().get(0).tags()).isEmpty();
        assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition(definition).include(TaskDefinitionField.TAGS)).tags())
                .extracting(Tag::key, Tag::value).containsExactly(tuple("tier", "web"));
        assertThat(ecs.describeServices(r -> r.cluster("dev-quest_ecs").services("svc-1").include(ServiceField.TAGS))
                .services().get(0).tags()).extracting(Tag::key).containsExactly("owner");
    }

    @Test
    void tagsEcsRefusesChangeNothing() {
        String cluster = ecs.createCluster(r -> r.clusterName("dev-quest_ecs")).cluster().clusterArn();
        ecs.tagResource(r -> r.resourceArn(cluster).tags(t -> t.key("team").value("quest")));
        List<Tag> tooMany = java.util.stream.IntStream.range(0, 50).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();

        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> ecs.tagResource(r -> r.resourceArn(cluster).tags(tooMany)))
                .withMessageContaining("at most 50 tags");
        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> ecs.tagResource(r -> r.resourceArn(cluster).tags(t -> t.key("aws:owner").value("me"))));
        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> ecs.tagResource(r -> r.resourceArn(cluster).tags(t -> t.key("x".repeat(129)).value("v"))));
        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> ecs.tagResource(r -> r.resourceArn(cluster).tags(t -> t.key("bad<key>").value("v"))));
        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> ecs.listTagsForResource(r -> r.resourceArn("not-an-arn")));
        assertThatExceptionOfType(ResourceNotFoundException.class)
                .isThrownBy(() -> ecs.tagResource(r -> r.resourceArn("arn:aws:ecs:eu-west-1:000000000000:task-definition/ghost:1")
                        .tags(t -> t.key("a").value("b"))));
        assertThatExceptionOfType(ClusterNotFoundException.class)
                .isThrownBy(() -> ecs.listTagsForResource(r -> r.resourceArn("arn:aws:ecs:eu-west-1:000000000000:cluster/ghost")));
        assertThat(ecs.listTagsForResource(r -> r.resourceArn(cluster)).tags()).extracting(Tag::key).containsExactly("team");
    }

    @Test
    void tagsSurviveARestartOfTheSandbox() {
        String cluster = ecs.createCluster(r -> r.clusterName("dev-quest_ecs").tags(t -> t.key("team").value("quest")))
                .cluster().clusterArn();
        ecs.close();
        fixture.close();

        fixture = SandboxFixture.start(dataDir);
        ecs = fixture.ecs();

        assertThat(ecs.listTagsForResource(r -> r.resourceArn(cluster)).tags()).extracting(Tag::key, Tag::value)
                .containsExactly(tuple("team", "quest"));
    }
}
