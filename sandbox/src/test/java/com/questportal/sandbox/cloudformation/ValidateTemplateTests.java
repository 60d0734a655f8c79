package com.questportal.sandbox.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.questportal.sandbox.SandboxFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.TemplateParameter;
import software.amazon.awssdk.services.cloudformation.model.ValidateTemplateResponse;

/** ValidateTemplate through the real SDK: the quest template passes; broken templates get AWS's errors. */
class ValidateTemplateTests {

    @TempDir
    Path dataDir;
    AutoCloseable sandbox;
    CloudFormationClient cloudFormation;

    @BeforeEach
    void start() {
        var fixture = SandboxFixtures.start(dataDir);
        sandbox = fixture;
        cloudFormation = SandboxFixtures.cloudFormation(fixture);
    }

    @AfterEach
    void stop() throws Exception {
        cloudFormation.close();
        sandbox.close();
    }

    @Test
    void theQuestEnvironmentTemplateValidates() throws IOException {
        String body = Files.readString(Path.of("..", "infra-templates", "quest-environment.yaml"));

        ValidateTemplateResponse response = cloudFormation.validateTemplate(r -> r.templateBody(body));

        assertThat(response.description()).startsWith("Quest Portal - one quest environment");
        assertThat(response.parameters()).extracting(TemplateParameter::parameterKey)
                .contains("EnvironmentName", "VpcCidr", "ImageTag", "TaskCpu", "TaskMemory", "DesiredCount");
        assertThat(response.parameters()).filteredOn(p -> p.parameterKey().equals("VpcCidr")).singleElement()
                .satisfies(p -> assertThat(p.defaultValue()).isEqualTo("10.0.0.0/16"));
        assertThat(response.parameters()).filteredOn(p -> p.parameterKey().equals("EnvironmentName")).singleElement()
                .satisfies(p -> assertThat(p.defaultValue()).isNull());
        assertThat(response.capabilities()).containsExactly(Capability.CAPABILITY_NAMED_IAM);
        assertThat(response.capabilitiesReason()).contains("TaskExecutionRole", "TaskRole");
    }

    @Test
    void theRepositoryTemplateValidatesWithoutCapabilities() throws IOException {
        String body = Files.readString(Path.of("..", "infra-templates", "quest-repository.yaml"));

        ValidateTemplateResponse response = cloudFormation.validateTemplate(r -> r.templateBody(body));

        assertThat(response.capabilities()).isEmpty();
        assertThat(response.parameters()).extracting(TemplateParameter::parameterKey)
                .containsExactly("RepositoryName", "TagImmutability", "ImagesToKeep");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed YAML | 'Resources: [unclosed' | Template format error: YAML not well-formed.",
            "no resources | 'Description: nothing' | Template format error: At least one Resources member must be defined.",
            "resource without a type | 'Resources: {A: {Properties: {}}}' | Every Resources object must contain a Type member.",
            "unknown section | 'Resource: {A: {Type: T}}' | Template format error: Invalid template property or properties [Resource]",
            "unknown intrinsic | 'Resources: {A: {Type: T, Properties: {P: {Fn::Launch: x}}}}' | Template error: Encountered unsupported function: Fn::Launch",
            "unresolved Ref | 'Resources: {A: {Type: T, Properties: {P: !Ref Nowhere}}}' | Template format error: Unresolved resource dependencies [Nowhere] in the Resources block of the template",
            "unresolved Sub variable | 'Resources: {A: {Type: T, Properties: {P: !Sub \"${Env}-a\"}}}' | Unresolved resource dependencies [Env]",
            "GetAtt of a missing resource | 'Resources: {A: {Type: T, Properties: {P: !GetAtt Ghost.Arn}}}' | Template error: instance of Fn::GetAtt references undefined resource Ghost",
            "DependsOn a missing resource | 'Resources: {A: {Type: T, DependsOn: Ghost}}' | Unresolved resource dependencies [Ghost]",
            "circular dependency | 'Resources: {A: {Type: T, Properties: {P: !Ref B}}, B: {Type: T, Properties: {P: !GetAtt A.Arn}}}' | Template format error: Circular dependency between resources: [A, B]",
            "condition that is not declared | 'Resources: {A: {Type: T, Condition: Missing}}' | Unresolved dependencies [Missing]",
            "wrong template version | 'AWSTemplateFormatVersion: \"2099-01-01\"\nResources: {A: {Type: T}}' | Template format error: '2099-01-01' is not a valid template version",
    })
    void brokenTemplatesGetAwsErrors(String name, String body, String message) {
        assertThatExceptionOfType(CloudFormationException.class)
                .isThrownBy(() -> cloudFormation.validateTemplate(r -> r.templateBody(body.replace("\\n", "\n"))))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"))
                .satisfies(e -> assertThat(e.statusCode()).isEqualTo(400))
                .withMessageContaining(message);
    }
}
