package com.questportal.portal.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/** Which stopped tasks are evidence of a failure, and that the template still names the service they are looked for in. */
class FailureEvidenceTests {

    @Test
    void aTaskThatCouldNotStartOrExitedWithAnErrorOrFailedItsHealthChecksFailed() {
        assertThat(FailureEvidence.failed(task("TaskFailedToStart", "CannotPullContainerError: ... not found", null))).isTrue();
        assertThat(FailureEvidence.failed(task("EssentialContainerExited", "Essential container in task exited", 1))).isTrue();
        assertThat(FailureEvidence.failed(task("EssentialContainerExited", "Essential container in task exited", null)))
                .as("no exit code: killed before it could give one").isTrue();
        assertThat(FailureEvidence.failed(task("ServiceSchedulerInitiated",
                "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:...)", 143))).isTrue();
    }

    @Test
    void aTaskReplacedByADeploymentOrThatExitedCleanlyDidNotFail() {
        assertThat(FailureEvidence.failed(task("ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/1)", 143)))
                .isFalse();
        assertThat(FailureEvidence.failed(task("EssentialContainerExited", "Essential container in task exited", 0))).isFalse();
        assertThat(FailureEvidence.failed(task("UserInitiated", "Stopped by an operator", 143))).isFalse();
    }

    @Test
    void theTemplateStillNamesTheClusterAndServiceTheEvidenceIsLookedFor() {
        String template = new QuestTemplate().body();

        assertThat(template).contains("\n  " + QuestTemplate.CLUSTER + ":\n", "\n  " + QuestTemplate.SERVICE + ":\n");
    }

    private static Task task(String stopCode, String reason, Integer exitCode) {
        return Task.builder().stopCode(stopCode).stoppedReason(reason).containers(Container.builder().exitCode(exitCode).build()).build();
    }
}
