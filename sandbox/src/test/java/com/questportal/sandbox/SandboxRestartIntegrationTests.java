package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackDriftDetectionStatus;
import software.amazon.awssdk.services.cloudformation.model.StackDriftStatus;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The quest stack survives its sandbox: stopped with SIGTERM or killed with SIGKILL and started again on the
 * same data directory, the service brings new tasks up behind the same load balancer, and the stack is
 * exactly as CloudFormation left it.
 */
class SandboxRestartIntegrationTests {

    @TempDir
    Path work;

    @ParameterizedTest(name = "stopped with {0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void aDeployedStackServesAgainAfterARestart(String signal) throws Exception {
        Path data = work.resolve("data");
        QuestStackDeployment quest = new QuestStackDeployment("restart");
        String url;
        String firstTaskArn;
        try (StandaloneSandbox first = StandaloneSandbox.start(data)) {
            url = quest.deployIn(first);
            try (EcsClient ecs = first.ecs()) {
                firstTaskArn = ecs.listTasks(r -> r.cluster(quest.cluster()).serviceName(quest.service())).taskArns().get(0);
            }
            assertThat(QuestStackDeployment.awaitOk(url).body()).contains("TwelveFactor");
            if (signal.equals("SIGTERM")) {
                first.stop();
            } else {
                first.kill();
            }
        }

        try (StandaloneSandbox second = StandaloneSandbox.start(data);
             CloudFormationClient cloudFormation = second.cloudFormation(); EcsClient ecs = second.ecs()) {
            assertThat(quest.output(cloudFormation, "AlbUrl")).as("the load balancer keeps its address").isEqualTo(url);
            quest.awaitStable(ecs);
            Service service = ecs.describeServices(r -> r.cluster(quest.cluster()).services(quest.service())).services().get(0);
            assertThat(service.runningCount()).isEqualTo(service.desiredCount()).isEqualTo(2);
            assertThat(service.events()).extracting(e -> e.message()).anySatisfy(message -> assertThat(message)
                    .isEqualTo("(service restart-quest_service) lost its tasks when the sandbox stopped; starting replacements."));
            assertThat(ecs.listTasks(r -> r.cluster(quest.cluster()).serviceName(quest.service())).taskArns())
                    .as("new tasks, as ECS replaces tasks").hasSize(2).doesNotContain(firstTaskArn);

            assertThat(QuestStackDeployment.awaitOk(url).body()).contains("TwelveFactor");
            assertThat(QuestStackDeployment.awaitOk(url + "secret_word").body()).contains("\"passed\":true");

            String detection = cloudFormation.detectStackDrift(r -> r.stackName(quest.stackName)).stackDriftDetectionId();
            var drift = cloudFormation.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId(detection));
            assertThat(drift.detectionStatus()).isEqualTo(StackDriftDetectionStatus.DETECTION_COMPLETE);
            assertThat(drift.stackDriftStatus()).isEqualTo(StackDriftStatus.IN_SYNC);
            assertThat(cloudFormation.describeStackResourceDrifts(r -> r.stackName(quest.stackName)).stackResourceDrifts())
                    .as("every resource of the quest stack is read back, none left unchecked").hasSizeGreaterThan(20)
                    .allSatisfy(resource -> assertThat(resource.stackResourceDriftStatusAsString()).as(resource.logicalResourceId())
                            .isEqualTo("IN_SYNC"));

            var unchanged = quest.planNothing(cloudFormation, "unchanged");
            assertThat(unchanged.changes()).as("changes of an unchanged stack").isEmpty();
            assertThat(unchanged.status()).isEqualTo(ChangeSetStatus.FAILED);
            assertThat(unchanged.statusReason()).contains("didn't contain changes");
            assertThat(unchanged.changes()).isEmpty();
        }
    }

    @Test
    void aSandboxKilledInTheMiddleOfARollingDeploymentRollsTheStackBackAndServesTheOldVersion() throws Exception {
        Path data = work.resolve("data");
        QuestStackDeployment quest = new QuestStackDeployment("rolling");
        String url;
        try (StandaloneSandbox first = StandaloneSandbox.start(data)) {
            url = quest.deployIn(first);
            try (EcrClient ecr = first.ecr(); CloudFormationClient cloudFormation = first.cloudFormation(); EcsClient ecs = first.ecs()) {
                quest.publishV2(ecr);
                quest.startRedeploy(cloudFormation, "v2");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> ecs.describeServices(
                        r -> r.cluster(quest.cluster()).services(quest.service())).services().get(0).deployments().size(), n -> n == 2);
            }
            first.kill();
        }

        try (StandaloneSandbox second = StandaloneSandbox.start(data);
             CloudFormationClient cloudFormation = second.cloudFormation(); EcsClient ecs = second.ecs()) {
            Stack stack = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> cloudFormation.describeStacks(r -> r.stackName(quest.stackName)).stacks().get(0),
                            found -> !found.stackStatusAsString().endsWith("_IN_PROGRESS"));
            assertThat(stack.stackStatus()).as(second.output()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
            assertThat(stack.parameters()).anySatisfy(p -> {
                assertThat(p.parameterKey()).isEqualTo("ImageTag");
                assertThat(p.parameterValue()).isEqualTo("v1");
            });
            List<String> statuses = cloudFormation.describeStackEvents(r -> r.stackName(quest.stackName)).stackEvents().stream()
                    .filter(e -> e.logicalResourceId().equals(quest.stackName)).map(e -> e.resourceStatusAsString()).toList();
            assertThat(statuses.subList(0, 4)).as("newest first").containsExactly("UPDATE_ROLLBACK_COMPLETE",
                    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_IN_PROGRESS");

            quest.awaitStable(ecs);
            Service service = ecs.describeServices(r -> r.cluster(quest.cluster()).services(quest.service())).services().get(0);
            assertThat(service.taskDefinition()).endsWith(":1");
            assertThat(service.runningCount()).isEqualTo(2);
            assertThat(QuestStackDeployment.awaitOk(url + "version").body()).contains("\"imageTag\":\"v1\"");
            var unchanged = quest.planNothing(cloudFormation, "unchanged");
            assertThat(unchanged.changes()).as("the stack and what runs agree").isEmpty();
        }
    }
}
