package com.questportal.portal.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a plan's changes say to the reviewer, how far an operation is, and when a plan counts as interrupted. */
class PlanChangesTests {

    @ParameterizedTest
    @CsvSource({
            "Modify,AWS::EC2::VPC,True,true", "Modify,AWS::EC2::VPC,False,false", "Modify,AWS::EC2::VPC,Conditional,true",
            "Remove,AWS::Logs::LogGroup,,true", "Remove,AWS::EC2::SecurityGroup,,false",
            "Modify,AWS::ElasticLoadBalancingV2::LoadBalancer,Conditional,true", "Add,AWS::EC2::VPC,,false",
            "Modify,AWS::ECS::Service,True,false"})
    void replacingOrRemovingWhatCarriesTrafficOrHistoryIsDangerous(String action, String type, String replacement, boolean dangerous) {
        PlannedChange change = PlannedChange.of(action, "Resource", type, replacement, List.of("ImageTag"));

        assertThat(change.dangerous()).isEqualTo(dangerous);
        assertThat(change.causes()).containsExactly("ImageTag");
    }

    @Test
    void progressCountsEachSettledResourceOnceAndNeverTheStackItself() {
        StackOperation operation = new StackOperation("dev", StackOperation.Type.APPLY, 1L, "quest-dev", 4, "ada", Instant.now());
        List<StackEventRecord> events = List.of(
                event("QuestVpc", "AWS::EC2::VPC", "CREATE_IN_PROGRESS"), event("QuestVpc", "AWS::EC2::VPC", "CREATE_COMPLETE"),
                event("QuestLogs", "AWS::Logs::LogGroup", "CREATE_FAILED"), event("QuestVpc", "AWS::EC2::VPC", "DELETE_COMPLETE"),
                event("quest-dev", StackEventRecord.STACK_TYPE, "CREATE_COMPLETE"));

        OperationProgress progress = OperationProgress.of(operation, events);

        assertThat(progress).isEqualTo(new OperationProgress(2, 4));
        assertThat(progress.percent()).isEqualTo(50);
        assertThat(new OperationProgress(0, 0).percent()).as("nothing to do yet").isZero();
        assertThat(OperationProgress.of(new StackOperation("dev", StackOperation.Type.DESTROY, null, "quest-dev", 1, "ada", Instant.now()),
                events).total()).as("more done than counted at the start").isEqualTo(2);
    }

    @Test
    void aPlanIsInterruptedOnlyWhileBeingMadePastItsPatience() {
        Instant made = Instant.parse("2026-11-30T10:00:00Z");
        StackPlan plan = new StackPlan("dev", 3, "UPDATE", "quest-portal-plan-1", "ada", made);
        Duration patience = Duration.ofMinutes(10);

        assertThat(plan.interrupted(made.plus(Duration.ofMinutes(9)), patience)).isFalse();
        assertThat(plan.interrupted(made.plus(Duration.ofMinutes(11)), patience)).isTrue();
        plan.moveTo(StackPlan.Status.READY, made.plus(Duration.ofMinutes(1)));
        assertThat(plan.interrupted(made.plus(Duration.ofHours(1)), patience)).as("a plan that was made is never interrupted").isFalse();
    }

    private static StackEventRecord event(String logicalId, String type, String status) {
        return new StackEventRecord(1L, logicalId + status, Instant.now(), logicalId, type, status, null);
    }
}
