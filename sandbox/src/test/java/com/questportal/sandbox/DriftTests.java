package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDrift;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** DetectStackDrift, DescribeStackDriftDetectionStatus and DescribeStackResourceDrifts, through the SDK, after changes made out of band. */
class DriftTests {

    private static final String TEMPLATE = """
            Resources:
              Kept:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: drift-kept
                  RetentionInDays: 30
              Changed:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: drift-changed
                  RetentionInDays: 30
              Removed:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: drift-removed
              Secret:
                Type: AWS::SSM::Parameter
                Properties:
                  Name: /drift/value
                  Type: String
                  Value: one
            """;

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    CloudFormationClient cloudFormation;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
        cloudFormation = fixture.cloudFormation();
        cloudFormation.createStack(r -> r.stackName("drift").templateBody(TEMPLATE));
        SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("drift"));
    }

    @AfterEach
    void stop() {
        cloudFormation.close();
        fixture.close();
    }

    @Test
    void aStackWithNothingChangedIsInSync() {
        String detection = cloudFormation.detectStackDrift(r -> r.stackName("drift")).stackDriftDetectionId();

        var status = cloudFormation.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId(detection));
        assertThat(status.detectionStatusAsString()).isEqualTo("DETECTION_COMPLETE");
        assertThat(status.stackDriftStatusAsString()).isEqualTo("IN_SYNC");
        assertThat(status.driftedStackResourceCount()).isZero();
        assertThat(cloudFormation.describeStackResourceDrifts(r -> r.stackName("drift")).stackResourceDrifts())
                .extracting(drift -> drift.logicalResourceId() + " " + drift.stackResourceDriftStatusAsString())
                .containsExactlyInAnyOrder("Kept IN_SYNC", "Changed IN_SYNC", "Removed IN_SYNC", "Secret IN_SYNC");
    }

    @Test
    void changesMadeOutOfBandAreFoundWithTheirExpectedAndActualValues() {
        try (CloudWatchLogsClient logs = fixture.logs()) {
            logs.putRetentionPolicy(r -> r.logGroupName("drift-changed").retentionInDays(7));
            logs.deleteLogGroup(r -> r.logGroupName("drift-removed"));
        }
        try (var ssm = fixture.ssm()) {
            ssm.putParameter(r -> r.name("/drift/value").value("two").type("String").overwrite(true));
        }

        String detection = cloudFormation.detectStackDrift(r -> r.stackName("drift")).stackDriftDetectionId();

        var status = cloudFormation.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId(detection));
        assertThat(status.stackDriftStatusAsString()).isEqualTo("DRIFTED");
        assertThat(status.driftedStackResourceCount()).isEqualTo(3);
        List<StackResourceDrift> drifted = cloudFormation.describeStackResourceDrifts(r -> r.stackName("drift")
                .stackResourceDriftStatusFiltersWithStrings("MODIFIED", "DELETED")).stackResourceDrifts();
        assertThat(drifted).extracting(drift -> drift.logicalResourceId() + " " + drift.stackResourceDriftStatusAsString())
                .containsExactlyInAnyOrder("Changed MODIFIED", "Removed DELETED", "Secret MODIFIED");
        StackResourceDrift changed = drifted.stream().filter(drift -> drift.logicalResourceId().equals("Changed")).findFirst().orElseThrow();
        assertThat(changed.physicalResourceId()).isEqualTo("drift-changed");
        assertThat(changed.propertyDifferences()).singleElement().satisfies(difference -> {
            assertThat(difference.propertyPath()).isEqualTo("/RetentionInDays");
            assertThat(difference.expectedValue()).isEqualTo("30");
            assertThat(difference.actualValue()).isEqualTo("7");
            assertThat(difference.differenceTypeAsString()).isEqualTo("NOT_EQUAL");
        });
        assertThat(changed.expectedProperties()).isEqualTo("{\"RetentionInDays\":30}");
        assertThat(changed.actualProperties()).isEqualTo("{\"RetentionInDays\":7}");
    }

    @Test
    void anUnknownStackOrDetectionIsRefusedAsCloudFormationRefusesIt() {
        assertThatExceptionOfType(CloudFormationException.class).isThrownBy(() -> cloudFormation.detectStackDrift(r -> r.stackName("nope")))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"))
                .withMessageContaining("Stack with id nope does not exist");
        assertThatExceptionOfType(CloudFormationException.class)
                .isThrownBy(() -> cloudFormation.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId("made-up")))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    }
}
