package com.questportal.portal.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.provisioning.StackOperation;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class DeploymentOutcomeTests {

    @Test
    void eachEndIsToldInTheOperatorsWords() {
        assertThat(outcome(StackOperation.Status.RUNNING, "UPDATE_IN_PROGRESS", null, null)).isEqualTo(DeploymentOutcome.IN_PROGRESS);
        assertThat(outcome(StackOperation.Status.SUCCEEDED, "UPDATE_COMPLETE", null, null)).isEqualTo(DeploymentOutcome.SUCCEEDED);
        assertThat(outcome(StackOperation.Status.FAILED, "UPDATE_ROLLBACK_COMPLETE", "QuestService (AWS::ECS::Service) UPDATE_FAILED: "
                + "Resource handler returned message: \"Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'.\"",
                null)).isEqualTo(DeploymentOutcome.CIRCUIT_BREAKER);
        assertThat(outcome(StackOperation.Status.FAILED, null, "ECS's rollout failed: ECS deployment circuit breaker: tasks failed to start.",
                null)).as("a redeploy's breaker, which ECS alone reports").isEqualTo(DeploymentOutcome.CIRCUIT_BREAKER);
        assertThat(outcome(StackOperation.Status.FAILED, "UPDATE_ROLLBACK_COMPLETE", "Service did not stabilize within 180 minutes", null))
                .isEqualTo(DeploymentOutcome.ROLLED_BACK);
        assertThat(outcome(StackOperation.Status.FAILED, "UPDATE_ROLLBACK_COMPLETE", "The stack ended UPDATE_ROLLBACK_COMPLETE.", "oskar"))
                .isEqualTo(DeploymentOutcome.CANCELLED);
        assertThat(outcome(StackOperation.Status.SUCCEEDED, "UPDATE_COMPLETE", null, "oskar"))
                .as("a cancel that came too late: the update had finished").isEqualTo(DeploymentOutcome.SUCCEEDED);
        assertThat(outcome(StackOperation.Status.FAILED, "UPDATE_ROLLBACK_FAILED", "stuck", null)).isEqualTo(DeploymentOutcome.FAILED);
        assertThat(DeploymentOutcome.CANCELLED.label()).isEqualTo("⊘ cancelled");
    }

    @Test
    void theSentenceSaysWhichTagRunsAndWhoCancelled() throws Exception {
        StackOperation cancelled = operation(StackOperation.Status.FAILED, "UPDATE_ROLLBACK_COMPLETE", null, "oskar");
        assertThat(DeploymentOutcome.of(cancelled).sentence(cancelled)).isEqualTo("Cancelled by oskar; CloudFormation put v1 back.");
        StackOperation broken = operation(StackOperation.Status.FAILED, "UPDATE_ROLLBACK_COMPLETE", "circuit breaker", null);
        assertThat(DeploymentOutcome.of(broken).sentence(broken))
                .isEqualTo("Its tasks kept failing, so ECS went back to v1; the environment still records v1.");
    }

    private static DeploymentOutcome outcome(StackOperation.Status status, String stackStatus, String problem, String cancelledBy) {
        try {
            return DeploymentOutcome.of(operation(status, stackStatus, problem, cancelledBy));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The entity's fields as the database would fill them: it has no public constructor, by design. */
    private static StackOperation operation(StackOperation.Status status, String stackStatus, String problem, String cancelledBy)
            throws ReflectiveOperationException {
        var constructor = StackOperation.class.getDeclaredConstructor();
        constructor.setAccessible(true);
        StackOperation operation = constructor.newInstance();
        set(operation, "type", StackOperation.Type.DEPLOY);
        set(operation, "status", status);
        set(operation, "stackStatus", stackStatus);
        set(operation, "problem", problem);
        set(operation, "cancelRequestedBy", cancelledBy);
        set(operation, "imageTagFrom", "v1");
        set(operation, "imageTagTo", "v2");
        return operation;
    }

    private static void set(StackOperation operation, String field, Object value) throws ReflectiveOperationException {
        Field declared = StackOperation.class.getDeclaredField(field);
        declared.setAccessible(true);
        declared.set(operation, value);
    }
}
