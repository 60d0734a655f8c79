package com.questportal.sandbox.autoscaling;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import software.amazon.awssdk.services.applicationautoscaling.model.Alarm;
import software.amazon.awssdk.services.applicationautoscaling.model.DeleteScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DeleteScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DeregisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DeregisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingActivitiesRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingActivitiesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/**
 * Application Auto Scaling (JSON 1.1, {@code AnyScaleFrontendService}) for ECS services' desired count: scalable targets,
 * target-tracking and step scaling policies, and the scaling activities, refused in AWS's words where AWS refuses. The stack's
 * {@code AWS::ApplicationAutoScaling::*} resources go through the same calls. The {@link Scaler} applies the target-tracking
 * policies; step scaling policies are kept, as no CloudWatch alarm here triggers them.
 */
public final class ScalingService {

    static final String NAMESPACE = "ecs";
    static final String DIMENSION = "ecs:service:DesiredCount";
    static final List<String> PREDEFINED_METRICS = List.of("ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization",
            "ECSServiceAverageMemoryUtilization");
    private static final int PAGE = 50;

    private final ScalingStore store;
    private final Clock clock;
    private Scaler scaler;

    public ScalingService(Path directory, Clock clock) {
        this.store = new ScalingStore(directory);
        this.clock = clock;
    }

    ScalingStore store() {
        return store;
    }

    /** Starts applying the policies to the services they scale, one datapoint each {@code period}. */
    public synchronized void startScaling(ScalingSignals signals, Duration period) {
        scaler = new Scaler(store, signals, clock, period);
        scaler.start();
    }

    public synchronized void stopScaling() {
        if (scaler != null) {
            scaler.close();
        }
    }

    public AwsService api() {
        return AwsService.json("application-autoscaling", "AnyScaleFrontendService", List.of(
                Operation.of("RegisterScalableTarget", RegisterScalableTargetRequest::builder,
                        (RegisterScalableTargetRequest request, CallContext caller) -> register(caller.accountId(), caller.region(), request)),
                Operation.of("DeregisterScalableTarget", DeregisterScalableTargetRequest::builder,
                        (DeregisterScalableTargetRequest request, CallContext caller) -> deregister(caller.accountId(), caller.region(),
                                request)),
                Operation.of("DescribeScalableTargets", DescribeScalableTargetsRequest::builder, this::describeTargets),
                Operation.of("PutScalingPolicy", PutScalingPolicyRequest::builder,
                        (PutScalingPolicyRequest request, CallContext caller) -> putPolicy(caller.accountId(), caller.region(), request)),
                Operation.of("DescribeScalingPolicies", DescribeScalingPoliciesRequest::builder, this::describePolicies),
                Operation.of("DeleteScalingPolicy", DeleteScalingPolicyRequest::builder,
                        (DeleteScalingPolicyRequest request, CallContext caller) -> deletePolicy(caller.accountId(), caller.region(),
                                request)),
                Operation.of("DescribeScalingActivities", DescribeScalingActivitiesRequest::builder, this::describeActivities)));
    }

    /** {@code AWS::ApplicationAutoScaling::ScalableTarget} and {@code ::ScalingPolicy}, through this service's calls. */
    public List<ResourceProvider> providers() {
        return ScalingProviders.of(this);
    }

    RegisterScalableTargetResponse register(String account, String region, RegisterScalableTargetRequest request) {
        checkTargetNames(request.serviceNamespaceAsString(), request.resourceId(), request.scalableDimensionAsString());
        if (request.minCapacity() != null && request.minCapacity() < 0 || request.maxCapacity() != null && request.maxCapacity() < 0) {
            throw validation("Capacity values must be at least 0.");
        }
        ScalingStore.Scope scope = store.scope(account, region);
        synchronized (scope) {
            ScalableTarget existing = find(scope, request.resourceId());
            if (existing == null && (request.minCapacity() == null || request.maxCapacity() == null)) {
                throw validation("MinCapacity and MaxCapacity are required when registering a new scalable target.");
            }
            int min = request.minCapacity() != null ? request.minCapacity() : existing.minCapacity();
            int max = request.maxCapacity() != null ? request.maxCapacity() : existing.maxCapacity();
            if (min > max) {
                throw validation("Minimum capacity cannot be greater than maximum capacity");
            }
            String arn = existing != null ? existing.scalableTargetARN() : "arn:aws:application-autoscaling:" + region + ":" + account
                    + ":scalable-target/" + HexFormat.of().formatHex(randomBytes());
            ScalableTarget target = ScalableTarget.builder().serviceNamespace(NAMESPACE).resourceId(request.resourceId())
                    .scalableDimension(DIMENSION).minCapacity(min).maxCapacity(max)
                    .roleARN(request.roleARN() != null ? request.roleARN() : existing != null ? existing.roleARN()
                            : "arn:aws:iam::" + account + ":role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
                            + "AWSServiceRoleForApplicationAutoScaling_ECSService")
                    .suspendedState(request.suspendedState() != null ? request.suspendedState()
                            : existing != null ? existing.suspendedState() : null)
                    .creationTime(existing != null ? existing.creationTime() : clock.instant()).scalableTargetARN(arn).build();
            scope.targets.removeIf(same(request.resourceId()));
            scope.targets.add(target);
            scope.save();
            return RegisterScalableTargetResponse.builder().scalableTargetARN(arn).build();
        }
    }

    DeregisterScalableTargetResponse deregister(String account, String region, DeregisterScalableTargetRequest request) {
        checkTargetNames(request.serviceNamespaceAsString(), request.resourceId(), request.scalableDimensionAsString());
        ScalingStore.Scope scope = store.scope(account, region);
        synchronized (scope) {
            requireTarget(scope, request.resourceId());
            scope.targets.removeIf(same(request.resourceId()));
            // Deregistering a target deletes the policies that scale it.
            scope.policies.removeIf(policy -> policy.resourceId().equals(request.resourceId()));
            scope.save();
        }
        return DeregisterScalableTargetResponse.builder().build();
    }

    private DescribeScalableTargetsResponse describeTargets(DescribeScalableTargetsRequest request, CallContext caller) {
        ScalingStore.Scope scope = described(caller, request.serviceNamespaceAsString(), request.maxResults());
        List<ScalableTarget> all;
        synchronized (scope) {
            all = scope.targets.stream().filter(target -> target.serviceNamespaceAsString().equals(request.serviceNamespaceAsString()))
                    .filter(target -> !request.hasResourceIds() || request.resourceIds().isEmpty()
                            || request.resourceIds().contains(target.resourceId()))
                    .filter(target -> request.scalableDimension() == null || target.scalableDimension() == request.scalableDimension())
                    .toList();
        }
        Page<ScalableTarget> page = Page.of(all, request.maxResults(), PAGE, request.nextToken());
        return DescribeScalableTargetsResponse.builder().scalableTargets(page.items()).nextToken(page.next()).build();
    }

    PutScalingPolicyResponse putPolicy(String account, String region, PutScalingPolicyRequest request) {
        Validation.json().required("PolicyName", request.policyName()).length("PolicyName", request.policyName(), 1, 256).check();
        checkTargetNames(request.serviceNamespaceAsString(), request.resourceId(), request.scalableDimensionAsString());
        String type = request.policyTypeAsString() == null ? "StepScaling" : request.policyTypeAsString();
        if (!type.equals("TargetTrackingScaling") && !type.equals("StepScaling")) {
            throw validation("The sandbox scales with TargetTrackingScaling and StepScaling policies, not " + type + ".");
        }
        TargetTrackingScalingPolicyConfiguration tracking = request.targetTrackingScalingPolicyConfiguration();
        if (type.equals("TargetTrackingScaling")) {
            checkTracking(tracking);
        } else if (request.stepScalingPolicyConfiguration() == null) {
            throw validation("StepScalingPolicyConfiguration is required for a StepScaling policy.");
        }
        ScalingStore.Scope scope = store.scope(account, region);
        synchronized (scope) {
            requireTarget(scope, request.resourceId());
            ScalingPolicy existing = scope.policies.stream().filter(samePolicy(request.resourceId(), request.policyName()))
                    .findFirst().orElse(null);
            String arn = existing != null ? existing.policyARN() : "arn:aws:autoscaling:" + region + ":" + account + ":scalingPolicy:"
                    + UUID.randomUUID() + ":resource/ecs/" + request.resourceId() + ":policyName/" + request.policyName();
            List<Alarm> alarms = existing != null ? existing.alarms() : type.equals("TargetTrackingScaling") ? List.of(
                    alarm(account, region, request.resourceId(), "AlarmHigh"), alarm(account, region, request.resourceId(), "AlarmLow"))
                    : List.of();
            ScalingPolicy policy = ScalingPolicy.builder().policyARN(arn).policyName(request.policyName()).serviceNamespace(NAMESPACE)
                    .resourceId(request.resourceId()).scalableDimension(DIMENSION).policyType(type)
                    .targetTrackingScalingPolicyConfiguration(tracking)
                    .stepScalingPolicyConfiguration(request.stepScalingPolicyConfiguration()).alarms(alarms)
                    .creationTime(existing != null ? existing.creationTime() : clock.instant()).build();
            scope.policies.removeIf(samePolicy(request.resourceId(), request.policyName()));
            scope.policies.add(policy);
            scope.save();
            return PutScalingPolicyResponse.builder().policyARN(arn).alarms(alarms).build();
        }
    }

    private DescribeScalingPoliciesResponse describePolicies(DescribeScalingPoliciesRequest request, CallContext caller) {
        ScalingStore.Scope scope = described(caller, request.serviceNamespaceAsString(), request.maxResults());
        List<ScalingPolicy> all;
        synchronized (scope) {
            all = scope.policies.stream().filter(policy -> policy.serviceNamespaceAsString().equals(request.serviceNamespaceAsString()))
                    .filter(policy -> request.resourceId() == null || policy.resourceId().equals(request.resourceId()))
                    .filter(policy -> !request.hasPolicyNames() || request.policyNames().isEmpty()
                            || request.policyNames().contains(policy.policyName()))
                    .toList();
        }
        Page<ScalingPolicy> page = Page.of(all, request.maxResults(), 10, request.nextToken());
        return DescribeScalingPoliciesResponse.builder().scalingPolicies(page.items()).nextToken(page.next()).build();
    }

    DeleteScalingPolicyResponse deletePolicy(String account, String region, DeleteScalingPolicyRequest request) {
        checkTargetNames(request.serviceNamespaceAsString(), request.resourceId(), request.scalableDimensionAsString());
        ScalingStore.Scope scope = store.scope(account, region);
        synchronized (scope) {
            if (!scope.policies.removeIf(samePolicy(request.resourceId(), request.policyName()))) {
                throw notFound("No scaling policy found for service namespace: ecs, resource ID: " + request.resourceId()
                        + ", scalable dimension: " + DIMENSION + ", policy name: " + request.policyName());
            }
            scope.save();
        }
        return DeleteScalingPolicyResponse.builder().build();
    }

    private DescribeScalingActivitiesResponse describeActivities(DescribeScalingActivitiesRequest request, CallContext caller) {
        ScalingStore.Scope scope = described(caller, request.serviceNamespaceAsString(), request.maxResults());
        List<ScalingActivity> all;
        synchronized (scope) {
            all = scope.activities.stream().filter(activity -> activity.serviceNamespaceAsString().equals(request.serviceNamespaceAsString()))
                    .filter(activity -> request.resourceId() == null || activity.resourceId().equals(request.resourceId()))
                    .filter(activity -> Boolean.TRUE.equals(request.includeNotScaledActivities()) || !activity.hasNotScaledReasons()
                            || activity.notScaledReasons().isEmpty())
                    .toList();
        }
        Page<ScalingActivity> page = Page.of(all, request.maxResults(), PAGE, request.nextToken());
        return DescribeScalingActivitiesResponse.builder().scalingActivities(page.items()).nextToken(page.next()).build();
    }

    /** The scope a Describe call reads, once its namespace and page size are checked. */
    private ScalingStore.Scope described(CallContext caller, String namespace, Integer maxResults) {
        Validation.json().required("ServiceNamespace", namespace).range("MaxResults", maxResults, 1, 50).check();
        return store.scope(caller.accountId(), caller.region());
    }

    /** One page of a Describe call's answer, and the token of the next. */
    private record Page<T>(List<T> items, String next) {

        static <T> Page<T> of(List<T> all, Integer maxResults, int defaultSize, String token) {
            int size = maxResults == null ? defaultSize : maxResults;
            int start = Paging.start(token, all.size(), "InvalidNextTokenException", "The next token is not valid.");
            return new Page<>(all.subList(start, Math.min(all.size(), start + size)), Paging.next(start, size, all.size()));
        }
    }

    /** The sandbox scales ECS services' desired count: other namespaces and dimensions are refused, in words. */
    private static void checkTargetNames(String namespace, String resourceId, String dimension) {
        Validation.json().required("ServiceNamespace", namespace).required("ResourceId", resourceId)
                .length("ResourceId", resourceId, 1, 1600).required("ScalableDimension", dimension).check();
        if (!NAMESPACE.equals(namespace) || !DIMENSION.equals(dimension)) {
            throw validation("The sandbox scales ECS services only (ecs / ecs:service:DesiredCount), not " + namespace + " / "
                    + dimension + ".");
        }
        if (!resourceId.matches("service/[^/]+/[^/]+")) {
            throw validation("Unsupported resource ID " + resourceId + ": an ECS service's is service/<cluster>/<service>.");
        }
    }

    private static void checkTracking(TargetTrackingScalingPolicyConfiguration tracking) {
        if (tracking == null || tracking.targetValue() == null) {
            throw validation("TargetTrackingScalingPolicyConfiguration with a TargetValue is required for a TargetTrackingScaling "
                    + "policy.");
        }
        if (!(tracking.targetValue() > 0) || tracking.targetValue() > 1e9) {
            throw validation("TargetValue must be greater than 0.");
        }
        if ((tracking.predefinedMetricSpecification() == null) == (tracking.customizedMetricSpecification() == null)) {
            throw validation("Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification is required.");
        }
        if (tracking.customizedMetricSpecification() != null) {
            throw validation("The sandbox tracks predefined metrics only: " + String.join(", ", PREDEFINED_METRICS) + ".");
        }
        String metric = tracking.predefinedMetricSpecification().predefinedMetricTypeAsString();
        if (!PREDEFINED_METRICS.contains(metric)) {
            throw validation("The predefined metric " + metric + " is not one for an ECS service: " + String.join(", ", PREDEFINED_METRICS)
                    + ".");
        }
        String label = tracking.predefinedMetricSpecification().resourceLabel();
        if (metric.equals("ALBRequestCountPerTarget") && (label == null || !label.matches("app/[^/]+/[^/]+/targetgroup/[^/]+/[^/]+"))) {
            throw validation("ALBRequestCountPerTarget needs a ResourceLabel: app/<load-balancer-name>/<load-balancer-id>/"
                    + "targetgroup/<target-group-name>/<target-group-id>.");
        }
        if (tracking.scaleInCooldown() != null && tracking.scaleInCooldown() < 0
                || tracking.scaleOutCooldown() != null && tracking.scaleOutCooldown() < 0) {
            throw validation("Cooldowns must be at least 0 seconds.");
        }
    }

    /** The two CloudWatch alarms AWS makes for a target-tracking policy, by their names. */
    private static Alarm alarm(String account, String region, String resourceId, String which) {
        String name = "TargetTracking-" + resourceId + "-" + which + "-" + UUID.randomUUID();
        return Alarm.builder().alarmName(name).alarmARN("arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + name).build();
    }

    /** The scope's target of the resource, or AWS's refusal when none is registered. */
    private static ScalableTarget requireTarget(ScalingStore.Scope scope, String resourceId) {
        ScalableTarget target = find(scope, resourceId);
        if (target == null) {
            throw notFound("No scalable target registered for service namespace: ecs, resource ID: " + resourceId
                    + ", scalable dimension: " + DIMENSION);
        }
        return target;
    }

    private static ScalableTarget find(ScalingStore.Scope scope, String resourceId) {
        return scope.targets.stream().filter(same(resourceId)).findFirst().orElse(null);
    }

    private static Predicate<ScalableTarget> same(String resourceId) {
        return target -> target.resourceId().equals(resourceId);
    }

    private static Predicate<ScalingPolicy> samePolicy(String resourceId, String name) {
        return policy -> policy.resourceId().equals(resourceId) && policy.policyName().equals(name);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static AwsServiceException validation(String message) {
        return AwsServiceException.badRequest("ValidationException", message);
    }

    private static AwsServiceException notFound(String message) {
        return AwsServiceException.badRequest("ObjectNotFoundException", message);
    }
}
