package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.InvalidChangeSetStatusException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** Plan, review, apply: change sets through the real SDK and its waiters. */
class ChangeSetTests {

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    CloudFormationClient cloudFormation;
    String body;

    @BeforeEach
    void start() throws IOException {
        fixture = SandboxFixture.start(dataDir);
        cloudFormation = fixture.cloudFormation();
        body = StackLifecycleTests.fixtureTemplate("parameters-stack.yaml");
    }

    @AfterEach
    void stop() {
        cloudFormation.close();
        fixture.close();
    }

    private DescribeChangeSetResponse plan(String name, ChangeSetType type, boolean previousTemplate, Parameter... parameters) {
        cloudFormation.createChangeSet(r -> r.stackName("quest-dev").changeSetName(name).changeSetType(type)
                .templateBody(previousTemplate ? null : body).usePreviousTemplate(previousTemplate ? true : null).parameters(parameters));
        return cloudFormation.describeChangeSet(r -> r.stackName("quest-dev").changeSetName(name));
    }

    private void apply(String name, boolean creating) {
        cloudFormation.executeChangeSet(r -> r.stackName("quest-dev").changeSetName(name));
        if (creating) {
            SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-dev"));
        } else {
            SandboxFixture.waiter(cloudFormation).waitUntilStackUpdateComplete(r -> r.stackName("quest-dev"));
        }
    }

    @Test
    void createChangeSetThenExecuteThenUpdateOneParameterThenDelete() {
        DescribeChangeSetResponse create = plan("create", ChangeSetType.CREATE, false,
                parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"));
        SandboxFixture.waiter(cloudFormation).waitUntilChangeSetCreateComplete(r -> r.stackName("quest-dev").changeSetName("create"));

        assertThat(create.status()).isEqualTo(ChangeSetStatus.CREATE_COMPLETE);
        assertThat(create.executionStatus()).isEqualTo(ExecutionStatus.AVAILABLE);
        assertThat(create.changes()).extracting(change -> change.resourceChange().actionAsString(),
                        change -> change.resourceChange().logicalResourceId())
                .containsExactly(tuple("Add", "RepositoryName"), tuple("Add", "ImageUri"), tuple("Add", "Zones"), tuple("Add", "Kept"));
        assertThat(cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0).stackStatus())
                .isEqualTo(StackStatus.REVIEW_IN_PROGRESS);

        apply("create", true);
        assertThat(cloudFormation.describeChangeSet(r -> r.stackName("quest-dev").changeSetName("create")).executionStatus())
                .isEqualTo(ExecutionStatus.EXECUTE_COMPLETE);

        DescribeChangeSetResponse update = plan("new-tag", ChangeSetType.UPDATE, true,
                Parameter.builder().parameterKey("EnvironmentName").usePreviousValue(true).build(), parameter("ImageTag", "v2"));
        assertThat(update.changes()).singleElement().satisfies(change -> {
            ResourceChange resource = change.resourceChange();
            assertThat(resource.actionAsString()).isEqualTo("Modify");
            assertThat(resource.logicalResourceId()).isEqualTo("ImageUri");
            assertThat(resource.physicalResourceId()).isEqualTo("/quest/dev/image");
            assertThat(resource.replacementAsString()).isEqualTo("False");
            assertThat(resource.details()).singleElement().satisfies(detail -> {
                assertThat(detail.target().name()).isEqualTo("Value");
                assertThat(detail.target().requiresRecreationAsString()).isEqualTo("Never");
            });
        });
        apply("new-tag", false);

        String stackId = cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0).stackId();
        cloudFormation.deleteStack(r -> r.stackName("quest-dev"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName(stackId));

        List<String> events = oldestFirst(stackId);
        assertThat(events.get(0)).isEqualTo("quest-dev REVIEW_IN_PROGRESS");
        assertThat(events).containsSubsequence(
                "quest-dev CREATE_IN_PROGRESS", "RepositoryName CREATE_COMPLETE", "ImageUri CREATE_COMPLETE", "Zones CREATE_COMPLETE",
                "Kept CREATE_COMPLETE", "quest-dev CREATE_COMPLETE",
                "quest-dev UPDATE_IN_PROGRESS", "ImageUri UPDATE_IN_PROGRESS", "ImageUri UPDATE_COMPLETE",
                "quest-dev UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "quest-dev UPDATE_COMPLETE",
                "quest-dev DELETE_IN_PROGRESS", "Kept DELETE_SKIPPED", "ImageUri DELETE_COMPLETE", "RepositoryName DELETE_COMPLETE",
                "quest-dev DELETE_COMPLETE");
        assertThat(events).doesNotContain("RepositoryName UPDATE_IN_PROGRESS", "Zones UPDATE_IN_PROGRESS");
    }

    @Test
    void aChangeOfNameIsPlannedAsReplacement() {
        plan("create", ChangeSetType.CREATE, false, parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"));
        apply("create", true);

        DescribeChangeSetResponse rename = plan("rename", ChangeSetType.UPDATE, true,
                parameter("EnvironmentName", "staging"), parameter("ImageTag", "v1"));

        assertThat(rename.changes()).extracting(change -> change.resourceChange().logicalResourceId(),
                        change -> change.resourceChange().replacementAsString())
                .containsExactly(tuple("RepositoryName", "True"), tuple("ImageUri", "True"), tuple("Zones", "True"), tuple("Kept", "True"));
    }

    @Test
    void aConditionTurnedOnIsPlannedAsAnAdd() {
        plan("create", ChangeSetType.CREATE, false, parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"));
        apply("create", true);

        DescribeChangeSetResponse extra = plan("extra", ChangeSetType.UPDATE, true, parameter("EnvironmentName", "dev"),
                parameter("ImageTag", "v1"), parameter("WithExtra", "true"));

        assertThat(extra.changes()).extracting(change -> change.resourceChange().actionAsString() + " "
                + change.resourceChange().logicalResourceId()).containsExactly("Add ExtraParameter");
    }

    @Test
    void aPlanWithoutChangesFailsAndCannotBeApplied() {
        plan("create", ChangeSetType.CREATE, false, parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"));
        apply("create", true);

        DescribeChangeSetResponse empty = plan("same", ChangeSetType.UPDATE, true, parameter("EnvironmentName", "dev"),
                parameter("ImageTag", "v1"));

        assertThat(empty.status()).isEqualTo(ChangeSetStatus.FAILED);
        assertThat(empty.statusReason()).startsWith("The submitted information didn't contain changes.");
        assertThatExceptionOfType(InvalidChangeSetStatusException.class)
                .isThrownBy(() -> cloudFormation.executeChangeSet(r -> r.stackName("quest-dev").changeSetName("same")));
    }

    @Test
    void aDiscardedPlanCannotBeApplied() {
        plan("create", ChangeSetType.CREATE, false, parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"));
        cloudFormation.deleteChangeSet(r -> r.stackName("quest-dev").changeSetName("create"));

        assertThatExceptionOfType(ChangeSetNotFoundException.class)
                .isThrownBy(() -> cloudFormation.executeChangeSet(r -> r.stackName("quest-dev").changeSetName("create")))
                .withMessageContaining("ChangeSet [create] does not exist");
        assertThat(cloudFormation.listChangeSets(r -> r.stackName("quest-dev")).summaries()).isEmpty();
    }

    @Test
    void applyingOnePlanMakesTheOthersObsolete() {
        plan("create", ChangeSetType.CREATE, false, parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"));
        apply("create", true);
        plan("v2", ChangeSetType.UPDATE, true, parameter("EnvironmentName", "dev"), parameter("ImageTag", "v2"));
        plan("v3", ChangeSetType.UPDATE, true, parameter("EnvironmentName", "dev"), parameter("ImageTag", "v3"));

        apply("v3", false);

        assertThat(cloudFormation.describeChangeSet(r -> r.stackName("quest-dev").changeSetName("v2")).executionStatus())
                .isEqualTo(ExecutionStatus.OBSOLETE);
        assertThatExceptionOfType(InvalidChangeSetStatusException.class)
                .isThrownBy(() -> cloudFormation.executeChangeSet(r -> r.stackName("quest-dev").changeSetName("v2")))
                .withMessageContaining("cannot be executed in its current execution status of [OBSOLETE]");
    }

    @Test
    void theTemplateSummaryOfAStackNamesItsParametersAndTypes() {
        plan("create", ChangeSetType.CREATE, false, parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"));
        apply("create", true);

        var summary = cloudFormation.getTemplateSummary(r -> r.stackName("quest-dev"));

        assertThat(summary.parameters()).extracting(p -> p.parameterKey()).containsExactly("EnvironmentName", "ImageTag", "WithExtra");
        assertThat(summary.parameters().get(2).parameterConstraints().allowedValues()).containsExactly("true", "false");
        assertThat(summary.resourceTypes()).containsExactly("AWS::SSM::Parameter");
    }

    @Test
    void badPlansChangeNothing() {
        assertThatExceptionOfType(CloudFormationException.class)
                .isThrownBy(() -> plan("broken", ChangeSetType.CREATE, false, parameter("EnvironmentName", "Not Valid"),
                        parameter("ImageTag", "v1")))
                .withMessageContaining("Parameter EnvironmentName failed to satisfy constraint");
        assertThatExceptionOfType(CloudFormationException.class)
                .isThrownBy(() -> plan("update-nothing", ChangeSetType.UPDATE, false, parameter("EnvironmentName", "dev"),
                        parameter("ImageTag", "v1")))
                .withMessageContaining("Stack [quest-dev] does not exist");
        assertThat(cloudFormation.describeStacks().stacks()).isEmpty();
    }

    private List<String> oldestFirst(String stack) {
        List<String> events = new ArrayList<>();
        cloudFormation.describeStackEventsPaginator(r -> r.stackName(stack)).stackEvents()
                .forEach(event -> events.add(event.logicalResourceId() + " " + event.resourceStatusAsString()));
        Collections.reverse(events);
        return events;
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }
}
