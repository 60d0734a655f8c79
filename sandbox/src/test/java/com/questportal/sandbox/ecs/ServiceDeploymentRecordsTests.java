package com.questportal.sandbox.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** The records ListServiceDeployments shows: how a new deployment, a rollback and a stop of the sandbox change them. */
class ServiceDeploymentRecordsTests {

    private static final Instant T0 = Instant.parse("2026-11-30T03:00:00Z");
    private static final TaskDefinition V1 = TaskDefinition.builder().taskDefinitionArn("arn:aws:ecs:eu-west-1:000000000000:task-definition/q:1").build();
    private static final TaskDefinition V2 = TaskDefinition.builder().taskDefinitionArn("arn:aws:ecs:eu-west-1:000000000000:task-definition/q:2").build();

    @Test
    void aNewDeploymentStopsTheOneInProgressAndARollbackBelongsToTheDeploymentItUndoes() {
        ServiceState service = service();
        ServiceState.Deployment first = new ServiceState.Deployment("ecs-svc/1", V1, T0);
        service.begin(first, T0);
        first.settle("SUCCESSFUL", "done", T0.plusSeconds(30));
        ServiceState.Deployment second = new ServiceState.Deployment("ecs-svc/2", V2, T0.plusSeconds(60));
        service.begin(second, T0.plusSeconds(60));
        ServiceState.Deployment third = new ServiceState.Deployment("ecs-svc/3", V1, T0.plusSeconds(70));
        service.begin(third, T0.plusSeconds(70));

        assertThat(second.deploymentStatus).as("superseded while in progress").isEqualTo("STOPPED");
        assertThat(second.finishedAt).isEqualTo(T0.plusSeconds(70));
        assertThat(first.deploymentStatus).as("an ended deployment keeps how it ended").isEqualTo("SUCCESSFUL");
        assertThat(third.sourceIds).as("the deployments whose tasks ran when it began").containsExactly("ecs-svc/2", "ecs-svc/1");

        ServiceState.Deployment rollback = new ServiceState.Deployment("ecs-svc/4", V2, T0.plusSeconds(90));
        rollback.rollbackOf = third.id;
        service.begin(rollback, T0.plusSeconds(90));
        assertThat(service.history).extracting(deployment -> deployment.id).as("a rollback is not a service deployment of its own")
                .containsExactly("ecs-svc/3", "ecs-svc/2", "ecs-svc/1");
        assertThat(third.deploymentStatus).as("a rollback does not stop what it rolls back").isEqualTo("IN_PROGRESS");
        assertThat(service.record(rollback)).isSameAs(third);
        assertThat(service.primary()).isSameAs(rollback);
    }

    @Test
    void theRecordsSurviveAStopOfTheSandboxAndStayTheLiveDeploymentsOwn(@TempDir Path directory) {
        ServiceState service = service();
        ServiceState.Deployment first = new ServiceState.Deployment("ecs-svc/1", V1, T0);
        service.begin(first, T0);
        first.settle("SUCCESSFUL", "done", T0.plusSeconds(30));
        ServiceState.Deployment second = new ServiceState.Deployment("ecs-svc/2", V2, T0.plusSeconds(60));
        service.begin(second, T0.plusSeconds(60));
        second.rollbackStartedAt = T0.plusSeconds(80);
        second.rollbackToId = first.id;

        new ServiceStore(directory).save(List.of(service));
        List<ServiceState> loaded = new ServiceStore(directory).loadAll((account, region, arn) ->
                Optional.of(arn.equals(V1.taskDefinitionArn()) ? V1 : V2));

        ServiceState again = loaded.get(0);
        assertThat(again.history).extracting(deployment -> deployment.id + " " + deployment.deploymentStatus)
                .containsExactly("ecs-svc/2 IN_PROGRESS", "ecs-svc/1 SUCCESSFUL");
        assertThat(again.history.get(1).finishedAt).isEqualTo(T0.plusSeconds(30));
        assertThat(again.history.get(0).rollbackToId).isEqualTo("ecs-svc/1");
        assertThat(again.history.get(0).sourceIds).containsExactly("ecs-svc/1");
        assertThat(again.primary()).as("the live deployment is its record, so that its end shows in the list").isSameAs(again.history.get(0));
    }

    private static ServiceState service() {
        return new ServiceState("arn:aws:ecs:eu-west-1:000000000000:service/c/s", "s", "arn:aws:ecs:eu-west-1:000000000000:cluster/c",
                "000000000000", "eu-west-1", T0, List.of(), null);
    }
}
