package com.questportal.sandbox.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsTests {

    private final Intrinsics intrinsics = new Intrinsics(
            Map.of("Sizes", Map.of("small", Map.of("Cpu", 256))),
            new Intrinsics.Scope() {
                @Override
                public Object ref(String name) {
                    return switch (name) {
                        case "Env" -> "dev";
                        case "Count" -> "2";
                        case "AWS::Region" -> "eu-west-1";
                        case "Vpc" -> "vpc-0abc";
                        default -> throw Template.templateError("Unresolved reference " + name);
                    };
                }

                @Override
                public Object getAtt(String logicalId, String attribute) {
                    return "arn:aws:iam::000000000000:role/" + logicalId + "." + attribute;
                }

                @Override
                public boolean condition(String name) {
                    return name.equals("IsProd") ? false : true;
                }

                @Override
                public List<String> availabilityZones(String region) {
                    return List.of(region + "a", region + "b");
                }

                @Override
                public String importValue(String exportName) {
                    return "imported-" + exportName;
                }

                @Override
                public String region() {
                    return "eu-west-1";
                }
            });

    @Test
    void subInBothFormsWithAttributesAndLiterals() {
        assertThat(intrinsics.evaluate(Map.of("Fn::Sub", "${Env}-quest in ${AWS::Region}, ${Role.Arn}, ${!Literal}")))
                .isEqualTo("dev-quest in eu-west-1, arn:aws:iam::000000000000:role/Role.Arn, ${Literal}");
        assertThat(intrinsics.evaluate(Map.of("Fn::Sub", List.of("${Name}:${Env}", Map.of("Name", Map.of("Ref", "Vpc"))))))
                .isEqualTo("vpc-0abc:dev");
    }

    @Test
    void joinSelectSplitAndGetAzs() {
        assertThat(intrinsics.evaluate(Map.of("Fn::Join", List.of(",", List.of("a", Map.of("Ref", "Env"), 3)))))
                .isEqualTo("a,dev,3");
        assertThat(intrinsics.evaluate(Map.of("Fn::Select", List.of(1, Map.of("Fn::GetAZs", ""))))).isEqualTo("eu-west-1b");
        assertThat(intrinsics.evaluate(Map.of("Fn::Split", List.of(",", "a,b,,c")))).isEqualTo(List.of("a", "b", "", "c"));
    }

    @Test
    void conditionsAndIf() {
        assertThat(intrinsics.evaluate(Map.of("Fn::If", List.of("IsProd", "big", "small")))).isEqualTo("small");
        assertThat(intrinsics.isTrue(Map.of("Fn::And", List.of(
                Map.of("Fn::Equals", List.of(Map.of("Ref", "Count"), 2)),
                Map.of("Fn::Not", List.of(Map.of("Condition", "IsProd"))),
                Map.of("Fn::Or", List.of(false, Map.of("Fn::Contains", List.of(List.of("dev", "test"), Map.of("Ref", "Env"))))))))).isTrue();
    }

    @Test
    void noValueRemovesTheMember() {
        assertThat(intrinsics.evaluate(Map.of("A", "kept", "B", Map.of("Fn::If", List.of("IsProd", "x", Map.of("Ref", "AWS::NoValue"))))))
                .isEqualTo(Map.of("A", "kept"));
    }

    @Test
    void findInMapCidrBase64AndImport() {
        assertThat(intrinsics.evaluate(Map.of("Fn::FindInMap", List.of("Sizes", "small", "Cpu")))).isEqualTo(256);
        assertThat(intrinsics.evaluate(Map.of("Fn::Cidr", List.of("10.0.0.0/16", 3, 8))))
                .isEqualTo(List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"));
        assertThat(intrinsics.evaluate(Map.of("Fn::Base64", "quest"))).isEqualTo("cXVlc3Q=");
        assertThat(intrinsics.evaluate(Map.of("Fn::ImportValue", "shared-vpc"))).isEqualTo("imported-shared-vpc");
    }

    @Test
    void errorsAreAwsTemplateErrors() {
        assertThatExceptionOfType(AwsServiceException.class)
                .isThrownBy(() -> intrinsics.evaluate(Map.of("Fn::Select", List.of(5, List.of("a")))))
                .withMessage("Template error: Fn::Select cannot select nonexistent value at index 5");
        assertThatExceptionOfType(AwsServiceException.class)
                .isThrownBy(() -> intrinsics.evaluate(Map.of("Fn::FindInMap", List.of("Sizes", "huge", "Cpu"))))
                .withMessage("Template error: Unable to get mapping for Sizes::huge::Cpu");
        assertThatExceptionOfType(AwsServiceException.class)
                .isThrownBy(() -> intrinsics.evaluate(Map.of("Fn::Launch", "rockets")))
                .withMessage("Template error: Encountered unsupported function: Fn::Launch");
        assertThatExceptionOfType(AwsServiceException.class)
                .isThrownBy(() -> intrinsics.evaluate(Map.of("Fn::Cidr", List.of("10.0.0.0/24", 2, 8))))
                .withMessageContaining("has no room for 2 /24 subnets");
    }
}
