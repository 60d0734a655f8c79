package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackDriftStatus;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** The operations and fields added so that clients get AWS's answers, through the real SDK clients, with AWS's errors. */
class AwsAnswersTests {

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    CloudFormationClient cloudFormation;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
        cloudFormation = fixture.cloudFormation();
    }

    @AfterEach
    void stop() {
        cloudFormation.close();
        fixture.close();
    }

    private void create(String stack, String environment, String tag) throws IOException {
        String body = StackLifecycleTests.fixtureTemplate("parameters-stack.yaml");
        cloudFormation.createStack(r -> r.stackName(stack).templateBody(body)
                .parameters(parameter("EnvironmentName", environment), parameter("ImageTag", tag)));
        SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName(stack));
    }

    @Test
    void listStacksListExportsAndDescribeStackResource() throws IOException {
        create("kept", "kept", "v1");
        create("gone", "gone", "v1");
        cloudFormation.deleteStack(r -> r.stackName("gone"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName(
                cloudFormation.listStacks().stackSummaries().stream().filter(s -> s.stackName().equals("gone")).findFirst().orElseThrow()
                        .stackId()));

        assertThat(cloudFormation.listStacksPaginator(r -> r.stackStatusFiltersWithStrings("CREATE_COMPLETE")).stackSummaries().stream()
                .map(s -> s.stackName()).toList()).containsExactly("kept");
        assertThat(cloudFormation.listStacks(r -> r.stackStatusFiltersWithStrings("DELETE_COMPLETE")).stackSummaries())
                .singleElement().satisfies(summary -> {
                    assertThat(summary.stackName()).isEqualTo("gone");
                    assertThat(summary.deletionTime()).isNotNull();
                });
        assertThat(cloudFormation.listExportsPaginator().exports()).singleElement().satisfies(export -> {
            assertThat(export.name()).isEqualTo("kept-image");
            assertThat(export.value()).endsWith("/quest:v1");
        });
        var detail = cloudFormation.describeStackResource(r -> r.stackName("kept").logicalResourceId("ImageUri")).stackResourceDetail();
        assertThat(detail.physicalResourceId()).isEqualTo("/quest/kept/image");
        assertThat(detail.resourceStatusAsString()).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void describeStacksCarriesDriftInformationTheLastChangeSetAndTheFlagsAwsAlwaysSends() throws IOException {
        create("kept", "kept", "v1");
        Stack before = cloudFormation.describeStacks(r -> r.stackName("kept")).stacks().get(0);
        assertThat(before.driftInformation().stackDriftStatusAsString()).isEqualTo("NOT_CHECKED");
        assertThat(before.enableTerminationProtection()).isFalse();
        assertThat(before.disableRollback()).isFalse();
        assertThat(before.notificationARNs()).isEmpty();

        cloudFormation.detectStackDrift(r -> r.stackName("kept"));
        Stack after = cloudFormation.describeStacks(r -> r.stackName("kept")).stacks().get(0);
        assertThat(after.driftInformation().stackDriftStatus()).isEqualTo(StackDriftStatus.IN_SYNC);
        assertThat(after.driftInformation().lastCheckTimestamp()).isNotNull();

        cloudFormation.createChangeSet(r -> r.stackName("kept").changeSetName("tag").changeSetType(ChangeSetType.UPDATE)
                .usePreviousTemplate(true).parameters(Parameter.builder().parameterKey("EnvironmentName").usePreviousValue(true).build(),
                        parameter("ImageTag", "v2")));
        String changeSetId = cloudFormation.describeChangeSet(r -> r.stackName("kept").changeSetName("tag")).changeSetId();
        cloudFormation.executeChangeSet(r -> r.stackName("kept").changeSetName("tag"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackUpdateComplete(r -> r.stackName("kept"));
        assertThat(cloudFormation.describeStacks(r -> r.stackName("kept")).stacks().get(0).changeSetId()).isEqualTo(changeSetId);
    }

    @Test
    void aChangeSetNamesWhatCausesEachChange() throws IOException {
        create("kept", "kept", "v1");
        cloudFormation.createChangeSet(r -> r.stackName("kept").changeSetName("tag").changeSetType(ChangeSetType.UPDATE)
                .usePreviousTemplate(true).parameters(Parameter.builder().parameterKey("EnvironmentName").usePreviousValue(true).build(),
                        parameter("ImageTag", "v2")));
        List<ResourceChangeDetail> details = cloudFormation.describeChangeSet(r -> r.stackName("kept").changeSetName("tag")).changes()
                .stream().filter(c -> c.resourceChange().logicalResourceId().equals("ImageUri")).findFirst().orElseThrow()
                .resourceChange().details();
        assertThat(details).singleElement().satisfies(detail -> {
            assertThat(detail.changeSourceAsString()).isEqualTo("ParameterReference");
            assertThat(detail.causingEntity()).isEqualTo("ImageTag");
        });

        String edited = StackLifecycleTests.fixtureTemplate("parameters-stack.yaml").replace("      Value: quest\n", "      Value: quest2\n");
        cloudFormation.createChangeSet(r -> r.stackName("kept").changeSetName("edit").changeSetType(ChangeSetType.UPDATE)
                .templateBody(edited).parameters(Parameter.builder().parameterKey("EnvironmentName").usePreviousValue(true).build(),
                        Parameter.builder().parameterKey("ImageTag").usePreviousValue(true).build()));
        var changes = cloudFormation.describeChangeSet(r -> r.stackName("kept").changeSetName("edit")).changes();
        assertThat(changes.stream().filter(c -> c.resourceChange().logicalResourceId().equals("RepositoryName")).findFirst().orElseThrow()
                .resourceChange().details()).singleElement()
                .satisfies(detail -> assertThat(detail.changeSourceAsString()).isEqualTo("DirectModification"));
    }

    @Test
    void describeRulesAndTargetGroupsByNameAnswerAsElbv2Does() {
        try (ElasticLoadBalancingV2Client elb = fixture.elbv2()) {
            assertThatExceptionOfType(TargetGroupNotFoundException.class).isThrownBy(() -> elb.describeTargetGroups(r -> r.names("nope")))
                    .satisfies(e -> assertThat(e.statusCode()).isEqualTo(400));
            assertThatExceptionOfType(ListenerNotFoundException.class).isThrownBy(() -> elb.describeRules(r -> r.listenerArn(
                    "arn:aws:elasticloadbalancing:eu-west-1:000000000000:listener/app/none/0123456789abcdef/0123456789abcdef")))
                    .satisfies(e -> assertThat(e.statusCode()).isEqualTo(400));
        }
    }

    @Test
    void ecrAuthorizesBatchGetsImagesAndKeepsTheLifecyclePolicy() {
        try (EcrClient ecr = fixture.ecr()) {
            assertThat(ecr.getAuthorizationToken().authorizationData()).singleElement()
                    .satisfies(data -> assertThat(data.expiresAt()).isAfter(java.time.Instant.now().plusSeconds(3600)));
            ecr.createRepository(r -> r.repositoryName("quest"));
            ecr.putImage(r -> r.repositoryName("quest").imageTag("v1").imageManifest("{\"schemaVersion\":2,\"layers\":[]}"));
            var got = ecr.batchGetImage(r -> r.repositoryName("quest").imageIds(i -> i.imageTag("v1"), i -> i.imageTag("v2")));
            assertThat(got.images()).singleElement().satisfies(image -> assertThat(image.imageId().imageTag()).isEqualTo("v1"));
            assertThat(got.failures()).singleElement().satisfies(failure -> assertThat(failure.failureCodeAsString()).isEqualTo("ImageNotFound"));
            assertThat(ecr.describeRepositories().repositories().get(0).encryptionConfiguration().encryptionTypeAsString()).isEqualTo("AES256");

            assertThatExceptionOfType(LifecyclePolicyNotFoundException.class).isThrownBy(() -> ecr.getLifecyclePolicy(r -> r.repositoryName("quest")))
                    .satisfies(e -> assertThat(e.statusCode()).isEqualTo(400));
            assertThatExceptionOfType(RepositoryNotFoundException.class).isThrownBy(() -> ecr.getLifecyclePolicy(r -> r.repositoryName("nope")));
            assertThatExceptionOfType(RepositoryNotFoundException.class)
                    .isThrownBy(() -> ecr.batchGetImage(r -> r.repositoryName("nope").imageIds(i -> i.imageTag("v1"))));
        }
    }

    @Nested
    class Ssm {

        @Test
        void describeParametersHonoursParameterFilters() {
            try (SsmClient ssm = fixture.ssm()) {
                ssm.putParameter(r -> r.name("/quest/dev/secret_word").value("a").type(ParameterType.SECURE_STRING));
                ssm.putParameter(r -> r.name("/quest/dev/nested/deeper").value("b").type(ParameterType.STRING));
                ssm.putParameter(r -> r.name("/other/thing").value("c").type(ParameterType.STRING));

                assertThat(names(ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Name").values("/quest/dev/secret_word")))
                        .parameters())).containsExactly("/quest/dev/secret_word");
                assertThat(names(ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Name").option("BeginsWith").values("/quest/")))
                        .parameters())).containsExactlyInAnyOrder("/quest/dev/secret_word", "/quest/dev/nested/deeper");
                assertThat(names(ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Type").values("SecureString"))).parameters()))
                        .containsExactly("/quest/dev/secret_word");
                assertThat(names(ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Path").values("/quest/dev"))).parameters()))
                        .containsExactly("/quest/dev/secret_word");
                assertThat(names(ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Path").option("Recursive")
                        .values("/quest"))).parameters())).hasSize(2);
                assertThatExceptionOfType(SsmException.class)
                        .isThrownBy(() -> ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Colour").values("x"))))
                        .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidFilterKey"));
                assertThatExceptionOfType(SsmException.class)
                        .isThrownBy(() -> ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Type").option("BeginsWith").values("S"))))
                        .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidFilterOption"));
            }
        }

        @Test
        void theAdvancedTierTakesEightKilobytesAndARefusedSecretIsNeverEchoed() {
            try (SsmClient ssm = fixture.ssm()) {
                String large = "s3cr3t-".repeat(1000);
                assertThat(ssm.putParameter(r -> r.name("/big").value(large).type(ParameterType.SECURE_STRING).tier(ParameterTier.ADVANCED))
                        .tier()).isEqualTo(ParameterTier.ADVANCED);
                assertThat(ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Name").values("/big"))).parameters().get(0).tier())
                        .isEqualTo(ParameterTier.ADVANCED);

                assertThatExceptionOfType(SsmException.class).isThrownBy(() -> ssm.putParameter(r -> r.name("/big-standard").value(large)
                                .type(ParameterType.SECURE_STRING)))
                        .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                        .withMessageContaining("Standard tier parameters support a maximum parameter value of 4096 characters")
                        .withMessageNotContaining("s3cr3t");
                String tooLarge = "s3cr3t-".repeat(1200);
                assertThatExceptionOfType(SsmException.class).isThrownBy(() -> ssm.putParameter(r -> r.name("/too-big").value(tooLarge)
                                .type(ParameterType.SECURE_STRING).tier(ParameterTier.ADVANCED)))
                        .withMessageContaining("Value at 'value' failed to satisfy constraint: Member must have length less than or equal to 8192")
                        .withMessageNotContaining("s3cr3t");
            }
        }

        private List<String> names(List<ParameterMetadata> parameters) {
            return parameters.stream().map(ParameterMetadata::name).toList();
        }
    }

    @Test
    void validateTemplateAndGetTemplateSummaryRefuseUnknownResourceTypes() {
        String body = "Resources:\n  Thing:\n    Type: AWS::Made::Up\n";
        for (Runnable call : List.<Runnable>of(() -> cloudFormation.validateTemplate(r -> r.templateBody(body)),
                () -> cloudFormation.getTemplateSummary(r -> r.templateBody(body)))) {
            assertThatExceptionOfType(CloudFormationException.class).isThrownBy(call::run)
                    .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationError"))
                    .withMessageContaining("Unrecognized resource types: [AWS::Made::Up]");
        }
    }

    @Test
    void describeStackResourceRefusesAnUnknownStackOrResource() throws IOException {
        create("kept", "kept", "v1");
        assertThatExceptionOfType(CloudFormationException.class)
                .isThrownBy(() -> cloudFormation.describeStackResource(r -> r.stackName("kept").logicalResourceId("Nothing")))
                .satisfies(e -> assertThat(e.statusCode()).isEqualTo(400))
                .withMessageContaining("Resource Nothing does not exist for stack kept");
        assertThatExceptionOfType(CloudFormationException.class)
                .isThrownBy(() -> cloudFormation.describeStackResource(r -> r.stackName("nope").logicalResourceId("ImageUri")))
                .withMessageContaining("Stack with id nope does not exist");
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }
}
