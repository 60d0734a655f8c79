package com.questportal.sandbox.autoscaling;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.applicationautoscaling.model.DeleteScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DeregisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PredefinedMetricSpecification;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/**
 * A stack's {@code AWS::ApplicationAutoScaling::ScalableTarget} and {@code ::ScalingPolicy}, made, changed and deleted through
 * the same calls the API answers, so that what a stack declares is what DescribeScalableTargets and DescribeScalingPolicies
 * show. A scalable target's physical id is AWS's: {@code <resource id>|<dimension>|<namespace>}; a policy's is its ARN.
 */
final class ScalingProviders {

    private ScalingProviders() {
    }

    static List<ResourceProvider> of(ScalingService service) {
        return List.of(new Target(service), new Policy(service));
    }

    private record Target(ScalingService service) implements ResourceProvider {

        @Override
        public String type() {
            return "AWS::ApplicationAutoScaling::ScalableTarget";
        }

        @Override
        public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
            refused(() -> service.register(context.accountId(), context.region(), RegisterScalableTargetRequest.builder()
                    .serviceNamespace(text(properties, "ServiceNamespace")).resourceId(text(properties, "ResourceId"))
                    .scalableDimension(text(properties, "ScalableDimension")).minCapacity(number(properties, "MinCapacity"))
                    .maxCapacity(number(properties, "MaxCapacity")).roleARN(text(properties, "RoleARN")).build()));
            return new Provisioned(properties.get("ResourceId") + "|" + properties.get("ScalableDimension") + "|"
                    + properties.get("ServiceNamespace"), Map.of());
        }

        @Override
        public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
            return create(context, logicalId, properties);
        }

        @Override
        public void delete(Context context, Provisioned current) {
            String[] id = current.physicalId().split("\\|");
            try {
                service.deregister(context.accountId(), context.region(), DeregisterScalableTargetRequest.builder().resourceId(id[0])
                        .scalableDimension(id[1]).serviceNamespace(id[2]).build());
            } catch (AwsServiceException e) {
                if (!"ObjectNotFoundException".equals(e.code())) {
                    throw ResourceFailure.refused("ApplicationAutoScaling", e);
                }
            }
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("ResourceId", "ScalableDimension", "ServiceNamespace");
        }
    }

    private record Policy(ScalingService service) implements ResourceProvider {

        @Override
        public String type() {
            return "AWS::ApplicationAutoScaling::ScalingPolicy";
        }

        @Override
        public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
            String[] target = target(properties);
            String arn = refused(() -> service.putPolicy(context.accountId(), context.region(), PutScalingPolicyRequest.builder()
                    .policyName(text(properties, "PolicyName")).policyType(text(properties, "PolicyType"))
                    .resourceId(target[0]).scalableDimension(target[1]).serviceNamespace(target[2])
                    .targetTrackingScalingPolicyConfiguration(tracking(properties)).build())).policyARN();
            return new Provisioned(arn, Map.of("Arn", arn));
        }

        @Override
        public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
            return create(context, logicalId, properties);
        }

        @Override
        public void delete(Context context, Provisioned current) {
            // The ARN ends ":resource/ecs/<resource id>:policyName/<name>".
            String arn = current.physicalId();
            if (!arn.contains(":resource/ecs/")) {
                return; // made by a sandbox from before it kept policies: nothing but the stack's record holds it
            }
            String resourceId = arn.substring(arn.indexOf(":resource/ecs/") + ":resource/ecs/".length(), arn.lastIndexOf(":policyName/"));
            try {
                service.deletePolicy(context.accountId(), context.region(), DeleteScalingPolicyRequest.builder()
                        .policyName(arn.substring(arn.lastIndexOf(":policyName/") + ":policyName/".length())).resourceId(resourceId)
                        .scalableDimension(ScalingService.DIMENSION).serviceNamespace(ScalingService.NAMESPACE).build());
            } catch (AwsServiceException e) {
                // Deregistering its target deletes a policy too: gone is what deleting it asks.
                if (!"ObjectNotFoundException".equals(e.code())) {
                    throw ResourceFailure.refused("ApplicationAutoScaling", e);
                }
            }
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("PolicyName", "ScalingTargetId", "ResourceId", "ScalableDimension", "ServiceNamespace");
        }

        /** The target a policy scales: {@code ScalingTargetId} (the target's physical id), or the three names given. */
        private static String[] target(Map<String, Object> properties) {
            Object id = properties.get("ScalingTargetId");
            if (id != null) {
                String[] parts = String.valueOf(id).split("\\|");
                if (parts.length != 3) {
                    throw new ResourceFailure("ScalingTargetId " + id + " is not a scalable target's id.");
                }
                return parts;
            }
            return new String[] {text(properties, "ResourceId"), text(properties, "ScalableDimension"), text(properties, "ServiceNamespace")};
        }

        @SuppressWarnings("unchecked")
        private static TargetTrackingScalingPolicyConfiguration tracking(Map<String, Object> properties) {
            Object declared = properties.get("TargetTrackingScalingPolicyConfiguration");
            if (!(declared instanceof Map<?, ?>)) {
                return null;
            }
            Map<String, Object> tracking = (Map<String, Object>) declared;
            TargetTrackingScalingPolicyConfiguration.Builder built = TargetTrackingScalingPolicyConfiguration.builder()
                    .targetValue(tracking.get("TargetValue") == null ? null : Double.valueOf(String.valueOf(tracking.get("TargetValue"))))
                    .scaleInCooldown(number(tracking, "ScaleInCooldown")).scaleOutCooldown(number(tracking, "ScaleOutCooldown"))
                    .disableScaleIn(tracking.get("DisableScaleIn") == null ? null : Boolean.valueOf(String.valueOf(tracking.get("DisableScaleIn"))));
            if (tracking.get("PredefinedMetricSpecification") instanceof Map<?, ?> metric) {
                built.predefinedMetricSpecification(PredefinedMetricSpecification.builder()
                        .predefinedMetricType(String.valueOf(metric.get("PredefinedMetricType")))
                        .resourceLabel(metric.get("ResourceLabel") == null ? null : String.valueOf(metric.get("ResourceLabel"))).build());
            }
            return built.build();
        }
    }

    private static <T> T refused(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw ResourceProvider.ResourceFailure.refused("ApplicationAutoScaling", e);
        }
    }

    private static String text(Map<String, Object> properties, String name) {
        Object value = properties.get(name);
        return value == null ? null : String.valueOf(value);
    }

    private static Integer number(Map<String, Object> properties, String name) {
        Object value = properties.get(name);
        try {
            return value == null ? null : (int) Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new ResourceProvider.ResourceFailure(name + " must be a number, not " + value + ".");
        }
    }
}
