package com.questportal.sandbox.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.questportal.sandbox.protocol.AwsServiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The quest template's parameter constraints and Rules, enforced at the CloudFormation layer. */
class ParameterValuesTests {

    static final Map<String, String> PSEUDO = Map.of("AWS::Region", "eu-west-1", "AWS::AccountId", "000000000000");
    static Template quest;

    @BeforeAll
    static void load() throws IOException {
        quest = Template.parse(Files.readString(Path.of("..", "infra-templates", "quest-environment.yaml")));
    }

    static Map<String, String> valid() {
        Map<String, String> values = new HashMap<>();
        values.put("EnvironmentName", "dev");
        values.put("ImageTag", "v1.0.0");
        values.put("SecretWordParameterName", "/quest/dev/secret_word");
        return values;
    }

    @Test
    void theRequiredValuesAndTheDefaultsMakeAValidSet() {
        Map<String, String> values = ParameterValues.resolve(quest, valid(), Map.of(), Set.of(), PSEUDO);

        assertThat(values).containsEntry("EnvironmentName", "dev").containsEntry("VpcCidr", "10.0.0.0/16")
                .containsEntry("TaskCpu", "256").containsEntry("TaskMemory", "512").containsEntry("DesiredCount", "2");
    }

    @Test
    void missingRequiredParametersAreNamed() {
        assertThatExceptionOfType(AwsServiceException.class)
                .isThrownBy(() -> ParameterValues.resolve(quest, Map.of(), Map.of(), Set.of(), PSEUDO))
                .withMessage("Parameters: [EnvironmentName, ImageTag, SecretWordParameterName] must have values");
    }

    @Test
    void unknownParametersAreNamed() {
        Map<String, String> values = valid();
        values.put("Colour", "red");

        assertThatExceptionOfType(AwsServiceException.class)
                .isThrownBy(() -> ParameterValues.resolve(quest, values, Map.of(), Set.of(), PSEUDO))
                .withMessage("Parameters: [Colour] do not exist in the template");
    }

    @Test
    void usePreviousValueKeepsTheStacksValue() {
        Map<String, String> values = ParameterValues.resolve(quest, Map.of("ImageTag", "v2"),
                Map.of("EnvironmentName", "dev", "ImageTag", "v1", "SecretWordParameterName", "/quest/dev/secret_word"),
                Set.of("EnvironmentName", "SecretWordParameterName"), PSEUDO);

        assertThat(values).containsEntry("EnvironmentName", "dev").containsEntry("ImageTag", "v2");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "VpcCidr | 10.0.0.0/33 | Parameter VpcCidr failed to satisfy constraint: an IPv4 CIDR block from /16 to /24, e.g. 10.0.0.0/16.",
            "VpcCidr | 300.0.0.0/16 | Parameter VpcCidr failed to satisfy constraint",
            "VpcCidr | not-a-cidr | Parameter VpcCidr failed to satisfy constraint",
            "AllowedClientCidr | 0.0.0.0 | Parameter AllowedClientCidr failed to satisfy constraint",
            "DesiredCount | 51 | Parameter 'DesiredCount' must be a number not greater than 50",
            "DesiredCount | -1 | Parameter 'DesiredCount' must be a number not less than 0",
            "DesiredCount | two | Parameter 'DesiredCount' must be a number",
            "TaskCpu | 300 | Parameter 'TaskCpu' must be one of AllowedValues",
            "ContainerPort | 80 | Parameter 'ContainerPort' must be a number not less than 1024",
            "EnvironmentName | Dev_Env | Parameter EnvironmentName failed to satisfy constraint",
            "EnvironmentName | a-name-that-is-far-too-long | Parameter EnvironmentName failed to satisfy constraint",
            "HealthCheckPath | health | Parameter 'HealthCheckPath' must match pattern",
            "CertificateArn | arn:aws:iam::123:cert | Parameter CertificateArn failed to satisfy constraint",
            "LogRetentionDays | 2 | Parameter 'LogRetentionDays' must be one of AllowedValues",
    })
    void eachConstraintRefusesItsBadValues(String parameter, String value, String message) {
        Map<String, String> values = valid();
        values.put(parameter, value);

        assertThatExceptionOfType(AwsServiceException.class)
                .isThrownBy(() -> ParameterValues.resolve(quest, values, Map.of(), Set.of(), PSEUDO))
                .satisfies(e -> assertThat(e.code()).isEqualTo("ValidationError"))
                .withMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} CPU with {1} MiB")
    @CsvSource({"256, 4096", "512, 512", "1024, 1024", "4096, 2048"})
    void fargateRefusesCpuAndMemoryPairsItCannotRun(String cpu, String memory) {
        Map<String, String> values = valid();
        values.put("TaskCpu", cpu);
        values.put("TaskMemory", memory);

        assertThatExceptionOfType(AwsServiceException.class)
                .isThrownBy(() -> ParameterValues.resolve(quest, values, Map.of(), Set.of(), PSEUDO))
                .withMessage("TaskCpu and TaskMemory must be a combination Fargate runs (e.g. 256/512, 512/1024, 1024/2048).");
    }

    @ParameterizedTest(name = "{0} CPU with {1} MiB")
    @CsvSource({"256, 512", "256, 2048", "512, 4096", "1024, 8192", "2048, 16384", "4096, 30720"})
    void fargatePairsAreAccepted(String cpu, String memory) {
        Map<String, String> values = valid();
        values.put("TaskCpu", cpu);
        values.put("TaskMemory", memory);

        assertThat(ParameterValues.resolve(quest, values, Map.of(), Set.of(), PSEUDO)).containsEntry("TaskMemory", memory);
    }
}
