package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.sandbox.Sandbox;
import com.questportal.sandbox.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * One list of Fargate sizes: every size the form offers ({@link TaskSize#FARGATE}) is accepted by the real
 * quest template's parameters and rules and by the sandbox's ECS, and a size Fargate does not run is refused by both.
 */
class FargateSizesIntegrationTests {

    private static final StaticCredentialsProvider KEY = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    @TempDir
    Path data;

    @Test
    void theTemplateTheFormAndTheSandboxAgreeOnEverySize() throws Exception {
        String template = Files.readString(Path.of("..", "infra-templates", "quest-environment.yaml"));
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults(data).withPort(0));
             CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(sandbox.endpoint())
                     .region(Region.EU_WEST_1).credentialsProvider(KEY).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             EcsClient ecs = EcsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1).credentialsProvider(KEY)
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            List<String> refused = new ArrayList<>();
            for (TaskSize size : TaskSize.FARGATE) {
                if (!templateAccepts(cloudFormation, template, size) || !ecsAccepts(ecs, size)) {
                    refused.add(size.key());
                }
            }
            assertThat(refused).as("sizes the form offers that the template or the sandbox refuse").isEmpty();
            assertThat(TaskSize.FARGATE).as("every Linux size of 0.25 to 4 vCPU").hasSize(3 + 4 + 7 + 13 + 23);

            for (TaskSize notFargate : List.of(new TaskSize(256, 4096), new TaskSize(4096, 31744), new TaskSize(2048, 3072))) {
                assertThat(templateAccepts(cloudFormation, template, notFargate)).as(notFargate.key() + " in the template").isFalse();
                assertThat(ecsAccepts(ecs, notFargate)).as(notFargate.key() + " in ECS").isFalse();
            }
        }
    }

    private static boolean templateAccepts(CloudFormationClient cloudFormation, String template, TaskSize size) {
        String stack = "size-" + size.cpu() + "-" + size.memory();
        try {
            cloudFormation.createChangeSet(r -> r.stackName(stack).changeSetName("size").changeSetType(ChangeSetType.CREATE)
                    .templateBody(template).capabilities(Capability.CAPABILITY_NAMED_IAM).parameters(
                            parameter("EnvironmentName", "s" + size.cpu() + "x" + size.memory()), parameter("ImageTag", "v1"),
                            parameter("SecretWordParameterName", "/quest/size/secret_word"),
                            parameter("TaskCpu", String.valueOf(size.cpu())), parameter("TaskMemory", String.valueOf(size.memory()))));
            return true;
        } catch (CloudFormationException refused) {
            return false;
        }
    }

    private static boolean ecsAccepts(EcsClient ecs, TaskSize size) {
        try {
            ecs.registerTaskDefinition(r -> r.family("size").networkMode("awsvpc").requiresCompatibilitiesWithStrings("FARGATE")
                    .cpu(String.valueOf(size.cpu())).memory(String.valueOf(size.memory()))
                    .containerDefinitions(c -> c.name("quest").image("000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest:v1")));
            return true;
        } catch (EcsException refused) {
            return false;
        }
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }
}
