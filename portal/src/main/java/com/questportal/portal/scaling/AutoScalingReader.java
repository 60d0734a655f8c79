package com.questportal.portal.scaling;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.StackSummaries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/**
 * Reads an environment's auto scaling from Application Auto Scaling — its scalable target, policies and newest activities,
 * three calls — at most once per {@code portal.scaling.refresh} (15 s) however many people look: readers share the cached
 * reading, and a read under way is joined. Only environments someone looks at are read.
 */
@Component
class AutoScalingReader {

    /** The activities the panel shows, newest first. */
    static final int ACTIVITIES_SHOWN = 10;

    private final StackSummaries stacks;
    private final AwsClients aws;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, ScalingReading> readings;

    AutoScalingReader(StackSummaries stacks, AwsClients aws, @Value("${portal.scaling.refresh:PT15S}") Duration refresh) {
        this.stacks = stacks;
        this.aws = aws;
        this.readings = Caffeine.newBuilder().expireAfterWrite(refresh).maximumSize(10_000).build();
    }

    /** The environment's reading; empty when its stack has no service to scale (not applied, or destroyed). */
    Optional<ScalingReading> of(Environment environment) {
        StackSummaries.StackSummary stack = stacks.of(environment.getName()).filter(found -> !found.destroyed()).orElse(null);
        if (stack == null || stack.outputs().get("ClusterName") == null || stack.outputs().get("ServiceName") == null) {
            return Optional.empty();
        }
        String resource = "service/" + stack.outputs().get("ClusterName") + "/" + stack.outputs().get("ServiceName");
        return Optional.of(readings.get(environment.getName() + "|" + resource, key -> read(environment.awsTarget(), resource)));
    }

    private ScalingReading read(AwsClients.Target target, String resource) {
        Instant now = clock.instant();
        ApplicationAutoScalingClient scaling = aws.scaling(target);
        try {
            List<ScalableTarget> targets = scaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS)
                    .resourceIds(resource)).scalableTargets();
            if (targets.isEmpty()) {
                return new ScalingReading(false, null, null, null, List.of(), now, null);
            }
            ScalableTarget scalable = targets.get(0);
            ScalingReading.Policy policy = scaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS)
                    .resourceId(resource)).scalingPolicies().stream().filter(found -> found.targetTrackingScalingPolicyConfiguration() != null)
                    .findFirst().map(AutoScalingReader::policy).orElse(null);
            List<ScalingReading.Activity> activities = scaling.describeScalingActivities(r -> r.serviceNamespace(ServiceNamespace.ECS)
                    .resourceId(resource).maxResults(ACTIVITIES_SHOWN)).scalingActivities().stream().map(AutoScalingReader::activity).toList();
            return new ScalingReading(true, scalable.minCapacity(), scalable.maxCapacity(), policy, activities, now, null);
        } catch (SdkException e) {
            return ScalingReading.failed(now, AwsFailure.of(e, "application-autoscaling:Describe*").message());
        }
    }

    private static ScalingReading.Policy policy(ScalingPolicy policy) {
        TargetTrackingScalingPolicyConfiguration tracking = policy.targetTrackingScalingPolicyConfiguration();
        String metric = tracking.predefinedMetricSpecification() == null ? "a custom metric"
                : tracking.predefinedMetricSpecification().predefinedMetricTypeAsString();
        String words = switch (metric) {
            case "ALBRequestCountPerTarget" -> "requests per task per minute, at the load balancer";
            case "ECSServiceAverageCPUUtilization" -> "average CPU of the tasks";
            case "ECSServiceAverageMemoryUtilization" -> "average memory of the tasks";
            default -> metric;
        };
        String unit = metric.startsWith("ALB") ? "requests a minute per task" : "%";
        return new ScalingReading.Policy(policy.policyName(), words, unit, tracking.targetValue(), tracking.scaleOutCooldown(),
                tracking.scaleInCooldown(), Boolean.TRUE.equals(tracking.disableScaleIn()), metric,
                tracking.predefinedMetricSpecification() == null ? null : tracking.predefinedMetricSpecification().resourceLabel());
    }

    private static ScalingReading.Activity activity(ScalingActivity activity) {
        return new ScalingReading.Activity(activity.startTime(), activity.description(), CauseWords.of(activity.cause()),
                activity.cause(), activity.statusCodeAsString(), activity.statusMessage());
    }
}
