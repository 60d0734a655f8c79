package com.questportal.sandbox.autoscaling;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Application Auto Scaling's scalable targets and policies: checked and kept by the stack as
 * declared. Nothing scales yet; the sandbox's ECS will read them once services run tasks.
 */
public final class ScalingProviders {

    private static final List<String> DIMENSIONS = List.of("ecs:service:DesiredCount");

    private ScalingProviders() {
    }

    public static List<ResourceProvider> all() {
        return List.of(new Target(), new Policy());
    }

    private static final class Target implements ResourceProvider {

        @Override
        public String type() {
            return "AWS::ApplicationAutoScaling::ScalableTarget";
        }

        @Override
        public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
            return check(properties);
        }

        @Override
        public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
            return check(properties);
        }

        @Override
        public void delete(Context context, Provisioned current) {
            // nothing outside the stack's own record holds a scalable target yet
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("ResourceId", "ScalableDimension", "ServiceNamespace");
        }

        private static Provisioned check(Map<String, Object> properties) {
            String dimension = String.valueOf(properties.get("ScalableDimension"));
            if (!DIMENSIONS.contains(dimension) || !"ecs".equals(String.valueOf(properties.get("ServiceNamespace")))) {
                throw new ResourceFailure("The sandbox scales ECS services only (ecs / ecs:service:DesiredCount), not "
                        + properties.get("ServiceNamespace") + " / " + dimension);
            }
            double min = Double.parseDouble(String.valueOf(properties.get("MinCapacity")));
            double max = Double.parseDouble(String.valueOf(properties.get("MaxCapacity")));
            if (min > max) {
                throw ResourceFailure.refused("ApplicationAutoScaling", "ValidationException",
                        "Minimum capacity cannot be greater than maximum capacity");
            }
            String id = properties.get("ResourceId") + "|" + dimension + "|ecs";
            return new Provisioned(id, Map.of());
        }
    }

    private static final class Policy implements ResourceProvider {

        @Override
        public String type() {
            return "AWS::ApplicationAutoScaling::ScalingPolicy";
        }

        @Override
        public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
            if (!"TargetTrackingScaling".equals(properties.get("PolicyType")) && !"StepScaling".equals(properties.get("PolicyType"))) {
                throw new ResourceFailure("PolicyType must be TargetTrackingScaling or StepScaling");
            }
            String arn = "arn:aws:autoscaling:" + context.region() + ":" + context.accountId() + ":scalingPolicy:"
                    + java.util.UUID.randomUUID() + ":resource/" + properties.get("ScalingTargetId") + ":policyName/" + properties.get("PolicyName");
            return new Provisioned(arn, Map.of("Arn", arn));
        }

        @Override
        public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
            return current;
        }

        @Override
        public void delete(Context context, Provisioned current) {
            // kept only in the stack's record
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("PolicyName", "ScalingTargetId", "ResourceId", "ScalableDimension", "ServiceNamespace");
        }
    }
}
