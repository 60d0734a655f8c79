package com.questportal.sandbox.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateYamlTests {

    @Test
    void shortFormsBecomeTheLongForms() {
        Map<String, Object> template = TemplateYaml.parse("""
                Resources:
                  A:
                    Type: X
                    Properties:
                      Name: !Sub "${Env}-a"
                      Arn: !GetAtt Role.Arn
                      Zone: !Select [0, !GetAZs ""]
                      Value: !If [Cond, !Ref B, !Join [",", [a, b]]]
                """);

        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) template.get("Resources"))
                .get("A")).get("Properties");
        assertThat(properties).containsEntry("Name", Map.of("Fn::Sub", "${Env}-a"))
                .containsEntry("Arn", Map.of("Fn::GetAtt", List.of("Role", "Arn")))
                .containsEntry("Zone", Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))))
                .containsEntry("Value", Map.of("Fn::If", List.of("Cond", Map.of("Ref", "B"),
                        Map.of("Fn::Join", List.of(",", List.of("a", "b"))))));
    }

    @Test
    void jsonTemplatesReadToo() {
        assertThat(TemplateYaml.parse("{\"Resources\": {\"A\": {\"Type\": \"X\", \"Properties\": {\"N\": {\"Ref\": \"B\"}}}}}"))
                .containsKey("Resources");
    }

    @Test
    void malformedYamlIsATemplateFormatError() {
        assertThatExceptionOfType(AwsServiceException.class).isThrownBy(() -> TemplateYaml.parse("Resources: [unclosed"))
                .satisfies(e -> assertThat(e.code()).isEqualTo("ValidationError"))
                .withMessageStartingWith("Template format error: YAML not well-formed.");
    }

    @Test
    void anUnknownTagIsATemplateFormatError() {
        assertThatExceptionOfType(AwsServiceException.class).isThrownBy(() -> TemplateYaml.parse("A: !Launch rockets"))
                .withMessageContaining("!Launch");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatExceptionOfType(AwsServiceException.class).isThrownBy(() -> TemplateYaml.parse("A: 1\nA: 2\n"))
                .withMessageContaining("duplicate key");
    }

    @Test
    void aScalarIsNotATemplate() {
        assertThatExceptionOfType(AwsServiceException.class).isThrownBy(() -> TemplateYaml.parse("just text"))
                .withMessage("Template format error: the template must be a YAML or JSON mapping.");
    }

    @Test
    void anOversizedBodyIsRefused() {
        assertThatExceptionOfType(AwsServiceException.class)
                .isThrownBy(() -> TemplateYaml.parse("A: " + "x".repeat(TemplateYaml.MAX_TEMPLATE_BODY)))
                .withMessageContaining("Member must have length less than or equal to 51200");
    }
}
