package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.StackDriftDetectionStatus;
import software.amazon.awssdk.services.cloudformation.model.StackDriftStatus;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ssm.SsmClient;

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
            try (EcrClient ecr = first.ecr(); SsmClient ssm = first.ssm(); CloudFormationClient cloudFormation = first.cloudFormation();
                 EcsClient ecs = first.ecs()) {
                quest.prepare(ecr, ssm);
                quest.create(cloudFormation);
                quest.awaitStable(ecs);
                url = quest.output(cloudFormation, "AlbUrl");
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

            var unchanged = quest.planNothing(cloudFormation, "unchanged");
            assertThat(unchanged.changes()).as("changes of an unchanged stack").isEmpty();
            assertThat(unchanged.status()).isEqualTo(ChangeSetStatus.FAILED);
            assertThat(unchanged.statusReason()).contains("didn't contain changes");
            assertThat(unchanged.changes()).isEmpty();
        }
    }
}
