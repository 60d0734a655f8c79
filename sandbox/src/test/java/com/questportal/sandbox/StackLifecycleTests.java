package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Stacks created, updated and deleted through the real SDK and its waiters, with CloudFormation's events. */
class StackLifecycleTests {

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    CloudFormationClient cloudFormation;
    SsmClient ssm;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
        cloudFormation = fixture.cloudFormation();
        ssm = fixture.ssm();
    }

    @AfterEach
    void stop() {
        cloudFormation.close();
        ssm.close();
        fixture.close();
    }

    static String fixtureTemplate(String name) throws IOException {
        try (var in = StackLifecycleTests.class.getResourceAsStream("/cloudformation/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Stack createDev(String tag) throws IOException {
        String body = fixtureTemplate("parameters-stack.yaml");
        cloudFormation.createStack(r -> r.stackName("quest-dev").templateBody(body).parameters(
                parameter("EnvironmentName", "dev"), parameter("ImageTag", tag)));
        SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-dev"));
        return cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0);
    }

    @Test
    void createResolvesIntrinsicsInDependencyOrderAndWritesOutputs() throws IOException {
        Stack stack = createDev("v1");

        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(stack.outputs()).extracting(Output::outputKey, Output::outputValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ImageUri", "000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest:v1"),
                org.assertj.core.groups.Tuple.tuple("Zones", "eu-west-1a,eu-west-1b,eu-west-1c"));
        assertThat(stack.outputs().get(0).exportName()).isEqualTo("dev-image");
        assertThat(ssm.getParameter(r -> r.name("/quest/dev/kept")).parameter().value()).isEqualTo("/quest/dev/image");
        assertThat(cloudFormation.describeStackResources(r -> r.stackName("quest-dev")).stackResources())
                .extracting(resource -> resource.logicalResourceId())
                .containsExactlyInAnyOrder("RepositoryName", "ImageUri", "Zones", "Kept");

        List<String> sequence = oldestFirst("quest-dev").stream()
                .map(event -> event.logicalResourceId() + " " + event.resourceStatusAsString()).toList();
        assertThat(sequence.get(0)).isEqualTo("quest-dev CREATE_IN_PROGRESS");
        assertThat(sequence.get(sequence.size() - 1)).isEqualTo("quest-dev CREATE_COMPLETE");
        assertThat(sequence).containsSubsequence("RepositoryName CREATE_IN_PROGRESS", "RepositoryName CREATE_IN_PROGRESS",
                "RepositoryName CREATE_COMPLETE", "ImageUri CREATE_IN_PROGRESS", "ImageUri CREATE_COMPLETE");
        assertThat(sequence.indexOf("Kept CREATE_IN_PROGRESS")).isGreaterThan(sequence.indexOf("Zones CREATE_COMPLETE"));
    }

    @Test
    void updatingOnlyTheImageTagWithThePreviousTemplateChangesOnlyWhatDependsOnIt() throws IOException {
        createDev("v1");
        int eventsBefore = oldestFirst("quest-dev").size();

        cloudFormation.updateStack(r -> r.stackName("quest-dev").usePreviousTemplate(true).parameters(
                Parameter.builder().parameterKey("EnvironmentName").usePreviousValue(true).build(), parameter("ImageTag", "v2")));
        SandboxFixture.waiter(cloudFormation).waitUntilStackUpdateComplete(r -> r.stackName("quest-dev"));

        List<String> update = oldestFirst("quest-dev").subList(eventsBefore, oldestFirst("quest-dev").size()).stream()
                .map(event -> event.logicalResourceId() + " " + event.resourceStatusAsString()).toList();
        assertThat(update).containsExactly("quest-dev UPDATE_IN_PROGRESS", "ImageUri UPDATE_IN_PROGRESS", "ImageUri UPDATE_COMPLETE",
                "quest-dev UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "quest-dev UPDATE_COMPLETE");
        assertThat(ssm.getParameter(r -> r.name("/quest/dev/image")).parameter())
                .satisfies(p -> assertThat(p.value()).endsWith("/quest:v2"))
                .satisfies(p -> assertThat(p.version()).isEqualTo(2));
    }

    @Test
    void theTemplateAndResourcesOfAStackCanBeReadBack() throws IOException {
        createDev("v1");

        var template = cloudFormation.getTemplate(r -> r.stackName("quest-dev"));
        List<StackResourceSummary> resources = cloudFormation.listStackResourcesPaginator(r -> r.stackName("quest-dev"))
                .stackResourceSummaries().stream().toList();

        assertThat(template.templateBody()).isEqualTo(fixtureTemplate("parameters-stack.yaml"));
        assertThat(template.stagesAvailableAsStrings()).contains("Original", "Processed");
        assertThat(resources).extracting(StackResourceSummary::logicalResourceId)
                .containsExactlyInAnyOrder("RepositoryName", "ImageUri", "Zones", "Kept");
        assertThat(resources).allSatisfy(resource -> {
            assertThat(resource.resourceStatusAsString()).isEqualTo("CREATE_COMPLETE");
            assertThat(resource.resourceType()).isEqualTo("AWS::SSM::Parameter");
        });
        assertThat(resources).filteredOn(resource -> resource.logicalResourceId().equals("ImageUri")).singleElement()
                .satisfies(resource -> assertThat(resource.physicalResourceId()).isEqualTo("/quest/dev/image"));
    }

    @Test
    void aCancelledUpdateRollsBackAndLeavesTheResourcesAsTheyWere() throws IOException {
        stop();
        fixture = SandboxFixture.start(dataDir, java.time.Duration.ofMillis(300));
        cloudFormation = fixture.cloudFormation();
        ssm = fixture.ssm();
        createDev("v1");

        cloudFormation.updateStack(r -> r.stackName("quest-dev").usePreviousTemplate(true).parameters(
                Parameter.builder().parameterKey("EnvironmentName").usePreviousValue(true).build(), parameter("ImageTag", "v2")));
        cloudFormation.cancelUpdateStack(r -> r.stackName("quest-dev"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackRollbackComplete(r -> r.stackName("quest-dev"));

        Stack stack = cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
        assertThat(stack.parameters()).anySatisfy(p -> assertThat(p.parameterKey() + "=" + p.parameterValue()).isEqualTo("ImageTag=v1"));
        assertThat(oldestFirst("quest-dev")).anySatisfy(event -> assertThat(event.resourceStatusReason()).isEqualTo("Resource update cancelled"));
        assertThat(ssm.getParameter(r -> r.name("/quest/dev/image")).parameter().value()).endsWith("/quest:v1");
        assertThatExceptionOfType(CloudFormationException.class)
                .isThrownBy(() -> cloudFormation.cancelUpdateStack(r -> r.stackName("quest-dev")))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"))
                .withMessageContaining("CancelUpdateStack cannot be called from current stack status");
    }

    @Test
    void anUpdateWithNoChangeIsRefused() throws IOException {
        createDev("v1");

        assertThatExceptionOfType(CloudFormationException.class).isThrownBy(() -> cloudFormation.updateStack(r -> r
                        .stackName("quest-dev").usePreviousTemplate(true).parameters(parameter("EnvironmentName", "dev"),
                                parameter("ImageTag", "v1"))))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"))
                .withMessageContaining("No updates are to be performed.");
    }

    @Test
    void changingANameReplacesTheResourceAndCleansUpTheOldOne() throws IOException {
        createDev("v1");

        cloudFormation.updateStack(r -> r.stackName("quest-dev").usePreviousTemplate(true)
                .parameters(parameter("EnvironmentName", "staging"), parameter("ImageTag", "v1")));
        SandboxFixture.waiter(cloudFormation).waitUntilStackUpdateComplete(r -> r.stackName("quest-dev"));

        assertThat(ssm.getParameter(r -> r.name("/quest/staging/image")).parameter().value()).endsWith("/quest:v1");
        assertThatExceptionOfType(ParameterNotFoundException.class).isThrownBy(() -> ssm.getParameter(r -> r.name("/quest/dev/image")));
        assertThat(oldestFirst("quest-dev")).extracting(event -> event.logicalResourceId() + " " + event.resourceStatusAsString()
                        + (event.resourceStatusReason() == null ? "" : " " + event.resourceStatusReason()))
                .contains("ImageUri UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence creating one.");
    }

    @Test
    void deleteRemovesAllButRetainedResources() throws IOException {
        Stack stack = createDev("v1");

        cloudFormation.deleteStack(r -> r.stackName("quest-dev"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName(stack.stackId()));

        assertThatExceptionOfType(ParameterNotFoundException.class).isThrownBy(() -> ssm.getParameter(r -> r.name("/quest/dev/image")));
        assertThat(ssm.getParameter(r -> r.name("/quest/dev/kept")).parameter().value()).isEqualTo("/quest/dev/image");
        assertThat(oldestFirst(stack.stackId())).extracting(event -> event.logicalResourceId() + " " + event.resourceStatusAsString())
                .contains("Kept DELETE_SKIPPED").endsWith("quest-dev DELETE_COMPLETE");
        assertThatExceptionOfType(CloudFormationException.class).isThrownBy(() -> cloudFormation.describeStacks(r -> r.stackName("quest-dev")))
                .withMessageContaining("Stack with id quest-dev does not exist");
    }

    @Test
    void aFailingResourceRollsTheStackBackWithTheReason() throws IOException {
        String body = fixtureTemplate("failing-stack.yaml");
        cloudFormation.createStack(r -> r.stackName("doomed").templateBody(body));

        assertThatExceptionOfType(SdkClientException.class)
                .isThrownBy(() -> SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("doomed")));

        Stack stack = cloudFormation.describeStacks(r -> r.stackName("doomed")).stacks().get(0);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(oldestFirst("doomed")).filteredOn(event -> event.resourceStatusAsString().equals("CREATE_FAILED")).singleElement()
                .satisfies(event -> assertThat(event.logicalResourceId()).isEqualTo("Second"))
                .satisfies(event -> assertThat(event.resourceStatusReason()).contains("SecureString is not supported"));
        assertThat(oldestFirst("doomed")).extracting(event -> event.logicalResourceId() + " " + event.resourceStatusAsString())
                .containsSubsequence("doomed ROLLBACK_IN_PROGRESS", "First DELETE_IN_PROGRESS", "First DELETE_COMPLETE",
                        "doomed ROLLBACK_COMPLETE");
        assertThatExceptionOfType(ParameterNotFoundException.class).isThrownBy(() -> ssm.getParameter(r -> r.name("/fixture/first")));
        assertThatExceptionOfType(CloudFormationException.class).isThrownBy(() -> cloudFormation.updateStack(r -> r
                        .stackName("doomed").usePreviousTemplate(true)))
                .withMessageContaining("is in ROLLBACK_COMPLETE state and can not be updated.");
    }

    @Test
    void stacksSurviveARestartOfTheSandbox() throws IOException {
        createDev("v1");
        cloudFormation.close();
        ssm.close();
        fixture.close();

        fixture = SandboxFixture.start(dataDir);
        cloudFormation = fixture.cloudFormation();
        ssm = fixture.ssm();

        Stack stack = cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(stack.outputs()).extracting(Output::outputKey).containsExactly("ImageUri", "Zones");
        cloudFormation.deleteStack(r -> r.stackName("quest-dev"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName(stack.stackId()));
    }

    @Nested
    class BadInput {

        @Test
        void aDuplicateStackName() throws IOException {
            createDev("v1");
            String body = fixtureTemplate("parameters-stack.yaml");

            assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> cloudFormation.createStack(r -> r
                            .stackName("quest-dev").templateBody(body).parameters(parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"))))
                    .withMessageContaining("Stack [quest-dev] already exists");
        }

        @Test
        void aMissingRequiredParameterChangesNothing() throws IOException {
            String body = fixtureTemplate("parameters-stack.yaml");

            assertThatExceptionOfType(CloudFormationException.class)
                    .isThrownBy(() -> cloudFormation.createStack(r -> r.stackName("quest-dev").templateBody(body)
                            .parameters(parameter("EnvironmentName", "dev"))))
                    .withMessageContaining("Parameters: [ImageTag] must have values");
            assertThat(cloudFormation.describeStacks().stacks()).isEmpty();
        }

        @Test
        void aParameterFailingItsPattern() throws IOException {
            String body = fixtureTemplate("parameters-stack.yaml");

            assertThatExceptionOfType(CloudFormationException.class)
                    .isThrownBy(() -> cloudFormation.createStack(r -> r.stackName("quest-dev").templateBody(body)
                            .parameters(parameter("EnvironmentName", "Dev Env"), parameter("ImageTag", "v1"))))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"))
                    .withMessageContaining("Parameter EnvironmentName failed to satisfy constraint: lowercase letters");
            assertThat(cloudFormation.describeStacks().stacks()).isEmpty();
        }

        @Test
        void anInvalidStackName() {
            assertThatExceptionOfType(CloudFormationException.class)
                    .isThrownBy(() -> cloudFormation.createStack(r -> r.stackName("9-lives").templateBody("Resources: {}")))
                    .withMessageContaining("Member must satisfy regular expression pattern");
        }

        @Test
        void operationsOnAMissingStack() {
            assertThatExceptionOfType(CloudFormationException.class)
                    .isThrownBy(() -> cloudFormation.describeStackEvents(r -> r.stackName("ghost")))
                    .withMessageContaining("Stack with id ghost does not exist");
            assertThatExceptionOfType(CloudFormationException.class)
                    .isThrownBy(() -> cloudFormation.updateStack(r -> r.stackName("ghost").usePreviousTemplate(true)))
                    .withMessageContaining("Stack with id ghost does not exist");
        }

        @Test
        void aResourceTypeTheSandboxCannotMakeIsRefusedAsAwsRefusesUnknownTypes() {
            assertThatExceptionOfType(CloudFormationException.class)
                    .isThrownBy(() -> cloudFormation.createStack(r -> r.stackName("odd").templateBody(
                            "Resources: {Queue: {Type: 'AWS::SQS::Queue'}, Bucket: {Type: 'AWS::S3::Bucket'}}")))
                    .withMessageContaining("Template format error: Unrecognized resource types: [AWS::SQS::Queue, AWS::S3::Bucket]");
            assertThat(cloudFormation.describeStacks().stacks()).isEmpty();
        }
    }

    private List<StackEvent> oldestFirst(String stack) {
        List<StackEvent> events = new ArrayList<>();
        cloudFormation.describeStackEventsPaginator(r -> r.stackName(stack)).stackEvents().forEach(events::add);
        Collections.reverse(events);
        return events;
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }
}
