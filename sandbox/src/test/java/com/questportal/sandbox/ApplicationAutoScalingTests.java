package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** Application Auto Scaling's API as the SDK's own client calls it: targets, policies, refusals in AWS's words, and a stack's. */
class ApplicationAutoScalingTests {

    private static final String SERVICE = "service/quest-cluster/quest";
    private static final String LABEL = "app/quest-alb/50dc6c495c0c9188/targetgroup/quest-tg/73e2d6bc24d8a067";

    @TempDir
    Path dataDir;

    @Test
    void aTargetAndItsTargetTrackingPolicyAreRegisteredDescribedChangedAndRemovedAndSurviveARestart() {
        try (SandboxFixture fixture = SandboxFixture.start(dataDir); ApplicationAutoScalingClient scaling = fixture.scaling()) {
            String arn = scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(1).maxCapacity(4)).scalableTargetARN();
            assertThat(arn).startsWith("arn:aws:application-autoscaling:eu-west-1:000000000000:scalable-target/");
            scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).maxCapacity(6));
            String policyArn = scaling.putScalingPolicy(r -> r.policyName("requests").serviceNamespace(ServiceNamespace.ECS)
                    .resourceId(SERVICE).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).policyType("TargetTrackingScaling")
                    .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(100.0).scaleInCooldown(120).scaleOutCooldown(30)
                            .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.ALB_REQUEST_COUNT_PER_TARGET)
                                    .resourceLabel(LABEL)))).policyARN();
            assertThat(policyArn).startsWith("arn:aws:autoscaling:eu-west-1:000000000000:scalingPolicy:").endsWith(
                    ":resource/ecs/" + SERVICE + ":policyName/requests");
        }
        try (SandboxFixture restarted = SandboxFixture.start(dataDir); ApplicationAutoScalingClient scaling = restarted.scaling()) {
            ScalableTarget target = scaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS)).scalableTargets().get(0);
            assertThat(target.resourceId()).isEqualTo(SERVICE);
            assertThat(target.minCapacity()).as("kept from the first registration").isEqualTo(1);
            assertThat(target.maxCapacity()).as("changed by the second").isEqualTo(6);
            assertThat(target.roleARN()).endsWith("role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
                    + "AWSServiceRoleForApplicationAutoScaling_ECSService");
            assertThat(target.creationTime()).isNotNull();
            ScalingPolicy policy = scaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE))
                    .scalingPolicies().get(0);
            assertThat(policy.policyName()).isEqualTo("requests");
            assertThat(policy.targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(100.0);
            assertThat(policy.targetTrackingScalingPolicyConfiguration().predefinedMetricSpecification().resourceLabel()).isEqualTo(LABEL);
            assertThat(policy.alarms()).extracting(alarm -> alarm.alarmName()).anyMatch(name -> name.contains("AlarmHigh"))
                    .anyMatch(name -> name.contains("AlarmLow"));
            assertThat(scaling.describeScalingActivities(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE))
                    .scalingActivities()).as("nothing has scaled yet").isEmpty();

            scaling.deregisterScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT));
            assertThat(scaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS)).scalingPolicies())
                    .as("deregistering a target deletes its policies").isEmpty();
            assertThatThrownBy(() -> scaling.deregisterScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT))).isInstanceOf(ObjectNotFoundException.class)
                    .hasMessageContaining("No scalable target registered for service namespace: ecs, resource ID: " + SERVICE);
        }
    }

    @Test
    void badTargetsAndPoliciesAreRefusedInAwsWords() {
        try (SandboxFixture fixture = SandboxFixture.start(dataDir); ApplicationAutoScalingClient scaling = fixture.scaling()) {
            assertThatThrownBy(() -> scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(5).maxCapacity(2)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("Minimum capacity cannot be greater than maximum capacity");
            assertThatThrownBy(() -> scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(1)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("MaxCapacity");
            assertThatThrownBy(() -> scaling.putScalingPolicy(r -> r.policyName("requests").serviceNamespace(ServiceNamespace.ECS)
                    .resourceId(SERVICE).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).policyType("TargetTrackingScaling")
                    .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(50.0).predefinedMetricSpecification(m -> m
                            .predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION)))))
                    .as("a policy of a target not registered").isInstanceOf(ObjectNotFoundException.class);

            scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(1).maxCapacity(3));
            assertThatThrownBy(() -> scaling.putScalingPolicy(r -> r.policyName("cpu").serviceNamespace(ServiceNamespace.ECS)
                    .resourceId(SERVICE).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).policyType("TargetTrackingScaling")
                    .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(0.0).predefinedMetricSpecification(m -> m
                            .predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION)))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("TargetValue");
            assertThatThrownBy(() -> scaling.putScalingPolicy(r -> r.policyName("requests").serviceNamespace(ServiceNamespace.ECS)
                    .resourceId(SERVICE).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).policyType("TargetTrackingScaling")
                    .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(100.0).predefinedMetricSpecification(m -> m
                            .predefinedMetricType(MetricType.ALB_REQUEST_COUNT_PER_TARGET)))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("ResourceLabel");
            assertThatThrownBy(() -> scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId("table/quest").scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(1)
                    .maxCapacity(2))).isInstanceOf(ValidationException.class).hasMessageContaining("ECS services only");
            assertThat(scaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS)).scalingPolicies())
                    .as("nothing refused was kept").isEmpty();
        }
    }

    @Test
    void aStacksScalableTargetAndPolicyAreTheOnesTheApiShowsAndGoWithTheStack() {
        try (SandboxFixture fixture = SandboxFixture.start(dataDir); ApplicationAutoScalingClient scaling = fixture.scaling();
             CloudFormationClient cloudFormation = fixture.cloudFormation()) {
            cloudFormation.createStack(r -> r.stackName("scaling").templateBody("""
                    Resources:
                      Target:
                        Type: AWS::ApplicationAutoScaling::ScalableTarget
                        Properties:
                          ServiceNamespace: ecs
                          ScalableDimension: ecs:service:DesiredCount
                          ResourceId: service/quest-cluster/quest
                          MinCapacity: 2
                          MaxCapacity: 5
                      Policy:
                        Type: AWS::ApplicationAutoScaling::ScalingPolicy
                        Properties:
                          PolicyName: requests
                          PolicyType: TargetTrackingScaling
                          ScalingTargetId: !Ref Target
                          TargetTrackingScalingPolicyConfiguration:
                            TargetValue: 250
                            ScaleInCooldown: 120
                            ScaleOutCooldown: 30
                            PredefinedMetricSpecification:
                              PredefinedMetricType: ALBRequestCountPerTarget
                              ResourceLabel: %s
                    """.formatted(LABEL)));
            SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("scaling"));
            ScalableTarget target = scaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS)
                    .resourceIds(SERVICE)).scalableTargets().get(0);
            assertThat(target.minCapacity()).isEqualTo(2);
            assertThat(target.maxCapacity()).isEqualTo(5);
            ScalingPolicy policy = scaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS).policyNames("requests"))
                    .scalingPolicies().get(0);
            assertThat(policy.targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(250.0);
            assertThat(policy.targetTrackingScalingPolicyConfiguration().scaleInCooldown()).isEqualTo(120);
            assertThat(cloudFormation.describeStackResource(r -> r.stackName("scaling").logicalResourceId("Policy"))
                    .stackResourceDetail().physicalResourceId()).isEqualTo(policy.policyARN());

            cloudFormation.deleteStack(r -> r.stackName("scaling"));
            SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName("scaling"));
            assertThat(scaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS)).scalableTargets()).isEmpty();
            assertThat(scaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS)).scalingPolicies()).isEmpty();
        }
    }
}
