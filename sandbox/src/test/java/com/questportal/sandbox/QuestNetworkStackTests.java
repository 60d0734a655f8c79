package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.questportal.sandbox.cloudformation.TemplateYaml;
import com.questportal.sandbox.state.JsonValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The real quest template without its ECS service and the auto scaling of that service (an ECS
 * service needs tasks that really run, which the sandbox does not have yet): everything else.
 */
class QuestNetworkStackTests {

    private static final List<String> NOT_YET = List.of("AWS::ECS::Service", "AWS::ApplicationAutoScaling::");

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    CloudFormationClient cloudFormation;
    String body;

    @BeforeEach
    void start() throws IOException {
        fixture = SandboxFixture.start(dataDir);
        cloudFormation = fixture.cloudFormation();
        body = networkPartOfTheQuestTemplate();
    }

    @AfterEach
    void stop() {
        cloudFormation.close();
        fixture.close();
    }

    @SuppressWarnings("unchecked")
    static String networkPartOfTheQuestTemplate() throws IOException {
        Map<String, Object> template = new LinkedHashMap<>(TemplateYaml.parse(
                Files.readString(Path.of("..", "infra-templates", "quest-environment.yaml"))));
        Map<String, Object> resources = new LinkedHashMap<>((Map<String, Object>) template.get("Resources"));
        resources.entrySet().removeIf(entry -> NOT_YET.stream()
                .anyMatch(prefix -> String.valueOf(((Map<String, Object>) entry.getValue()).get("Type")).startsWith(prefix)));
        template.put("Resources", resources);
        Map<String, Object> outputs = new LinkedHashMap<>((Map<String, Object>) template.get("Outputs"));
        outputs.keySet().retainAll(List.of("VpcId", "SubnetIds", "LogGroupName", "RepositoryUri", "AlbDnsName", "AlbUrl",
                "TargetGroupArn", "ClusterName"));
        template.put("Outputs", outputs);
        template.remove("Metadata");
        return new String(JsonValues.write(template), StandardCharsets.UTF_8);
    }

    /** Deploys the network part of the quest template as stack quest-dev, for tests of what it makes. */
    static void deployNetwork(SandboxFixture fixture) throws IOException {
        String body = networkPartOfTheQuestTemplate();
        try (CloudFormationClient cloudFormation = fixture.cloudFormation()) {
            cloudFormation.createStack(r -> r.stackName("quest-dev").templateBody(body).capabilities(Capability.CAPABILITY_NAMED_IAM)
                    .parameters(parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"),
                            parameter("SecretWordParameterName", "/quest/dev/secret_word")));
            SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-dev"));
        }
    }

    private void create(String stackName, Parameter... extra) {
        List<Parameter> parameters = new ArrayList<>(List.of(parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"),
                parameter("SecretWordParameterName", "/quest/dev/secret_word")));
        parameters.addAll(List.of(extra));
        cloudFormation.createStack(r -> r.stackName(stackName).templateBody(body).parameters(parameters)
                .capabilities(Capability.CAPABILITY_NAMED_IAM));
    }

    @Test
    void theNetworkRolesAndLogsOfTheQuestStackDeployUpdateAndDeleteInOrder() {
        create("quest-dev");
        SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-dev"));

        Stack stack = cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0);
        assertThat(stack.outputs()).extracting(Output::outputKey).containsExactlyInAnyOrder("VpcId", "SubnetIds", "LogGroupName",
                "RepositoryUri", "AlbDnsName", "AlbUrl", "TargetGroupArn", "ClusterName");
        assertThat(output(stack, "ClusterName")).isEqualTo("dev-quest_ecs");
        assertThat(output(stack, "AlbUrl")).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(output(stack, "VpcId")).matches("vpc-[0-9a-f]{17}");
        assertThat(output(stack, "SubnetIds")).matches("subnet-[0-9a-f]{17},subnet-[0-9a-f]{17}");
        assertThat(output(stack, "LogGroupName")).isEqualTo("dev-quest_task_logs");

        cloudFormation.updateStack(r -> r.stackName("quest-dev").usePreviousTemplate(true).capabilities(Capability.CAPABILITY_NAMED_IAM)
                .parameters(previous("EnvironmentName"), previous("ImageTag"), previous("SecretWordParameterName"),
                        parameter("AllowedClientCidr", "203.0.113.0/24")));
        SandboxFixture.waiter(cloudFormation).waitUntilStackUpdateComplete(r -> r.stackName("quest-dev"));
        assertThat(events(stack.stackId())).contains("AlbSecurityGroup UPDATE_COMPLETE").doesNotContain("QuestVpc UPDATE_IN_PROGRESS");

        cloudFormation.deleteStack(r -> r.stackName("quest-dev"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName(stack.stackId()));
        List<String> events = events(stack.stackId());
        assertThat(events).doesNotContain("QuestVpc DELETE_FAILED")
                .containsSubsequence("HttpListener DELETE_COMPLETE", "QuestTargetGroup DELETE_COMPLETE", "QuestLoadBalancer DELETE_COMPLETE",
                        "QuestSubnet1 DELETE_COMPLETE", "QuestVpc DELETE_COMPLETE", "quest-dev DELETE_COMPLETE");
    }

    @Test
    void aNewImageTagPlansOnlyANewTaskDefinitionRevisionAndAppliesIt() {
        create("quest-dev");
        SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-dev"));

        cloudFormation.createChangeSet(r -> r.stackName("quest-dev").changeSetName("v2").usePreviousTemplate(true)
                .capabilities(Capability.CAPABILITY_NAMED_IAM).parameters(previous("EnvironmentName"), previous("SecretWordParameterName"),
                        parameter("ImageTag", "v2")));
        var plan = cloudFormation.describeChangeSet(r -> r.stackName("quest-dev").changeSetName("v2"));

        assertThat(plan.changes()).extracting(change -> change.resourceChange().actionAsString() + " "
                        + change.resourceChange().logicalResourceId() + " replacement=" + change.resourceChange().replacementAsString())
                .containsExactly("Modify QuestTaskDefinition replacement=True");

        cloudFormation.executeChangeSet(r -> r.stackName("quest-dev").changeSetName("v2"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackUpdateComplete(r -> r.stackName("quest-dev"));
        try (var ecs = fixture.ecs()) {
            var latest = ecs.describeTaskDefinition(r -> r.taskDefinition("dev-quest_task")).taskDefinition();
            assertThat(latest.revision()).isEqualTo(2);
            assertThat(latest.containerDefinitions().get(0).image()).isEqualTo("000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest:v2");
            assertThat(latest.containerDefinitions().get(0).secrets()).singleElement()
                    .satisfies(secret -> assertThat(secret.valueFrom()).endsWith(":parameter/quest/dev/secret_word"));
            assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition("dev-quest_task:1")).taskDefinition().statusAsString())
                    .isEqualTo("INACTIVE");
        }
    }

    @Test
    void aSubnetOutsideItsVpcFailsWithEc2sWordsAndRollsBack() {
        create("quest-bad", parameter("PublicSubnet2Cidr", "10.9.2.0/24"));

        assertThatExceptionOfType(SdkClientException.class)
                .isThrownBy(() -> SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-bad")));

        Stack stack = cloudFormation.describeStacks(r -> r.stackName("quest-bad")).stacks().get(0);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(cloudFormation.describeStackEvents(r -> r.stackName("quest-bad")).stackEvents())
                .filteredOn(event -> event.resourceStatusAsString().equals("CREATE_FAILED")).singleElement()
                .satisfies(event -> assertThat(event.logicalResourceId()).isEqualTo("QuestSubnet2"))
                .satisfies(event -> assertThat(event.resourceStatusReason()).contains("The CIDR '10.9.2.0/24' is invalid.",
                        "InvalidSubnet.Range"));
        assertThat(events(stack.stackId())).contains("QuestVpc DELETE_COMPLETE").last().isEqualTo("quest-bad ROLLBACK_COMPLETE");
    }

    @Test
    void namedRolesNeedTheNamedIamCapability() {
        assertThatExceptionOfType(CloudFormationException.class)
                .isThrownBy(() -> cloudFormation.createStack(r -> r.stackName("quest-dev").templateBody(body).parameters(
                        parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"),
                        parameter("SecretWordParameterName", "/quest/dev/secret_word"))))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientCapabilitiesException"))
                .withMessageContaining("Requires capabilities : [CAPABILITY_NAMED_IAM]");
    }

    private List<String> events(String stack) {
        List<String> events = new ArrayList<>();
        cloudFormation.describeStackEventsPaginator(r -> r.stackName(stack)).stackEvents()
                .forEach(event -> events.add(event.logicalResourceId() + " " + event.resourceStatusAsString()));
        Collections.reverse(events);
        return events;
    }

    private static String output(Stack stack, String key) {
        return stack.outputs().stream().filter(output -> output.outputKey().equals(key)).findFirst().orElseThrow().outputValue();
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    private static Parameter previous(String key) {
        return Parameter.builder().parameterKey(key).usePreviousValue(true).build();
    }
}
