package com.questportal.portal.status;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.EcsTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Reads one environment's service as it is now: DescribeTargetHealth of its target group each time; DescribeServices
 * unless the poller saw nothing move (its cluster's counts, {@link ClusterHeartbeat}) and the targets are as they were,
 * when the previous snapshot is confirmed as it stands; ListTasks (running and stopped) with DescribeTasks in ECS's
 * batches only when something they would show may have changed — the service's counts, deployments or newest event, a
 * target's state — or {@link #TASKS_AT_LEAST_EVERY} after they were last read. A task definition's image tag is read
 * once per revision (revisions never change) and kept.
 */
final class ServiceReader {

    private static final int EVENTS = 50;
    /** How stale a task list may get while nothing else about the service moved: a stopped task still ages out. */
    static final Duration TASKS_AT_LEAST_EVERY = Duration.ofMinutes(5);

    private final AwsClients aws;
    private final Cache<String, String> imageTags = Caffeine.newBuilder().maximumSize(10_000).build();

    ServiceReader(AwsClients aws) {
        this.aws = aws;
    }

    /** Where an environment's service is: from its stack's outputs. */
    record Location(AwsClients.Target target, String cluster, String service, String targetGroupArn) {
    }

    /**
     * Throws {@link ReadFailed} naming the step AWS refused; {@code previous} is the last snapshot, or null;
     * {@code describe} false lets an unchanged service's previous snapshot stand, confirmed at {@code now}.
     */
    ServiceSnapshot read(Location location, ServiceSnapshot previous, Instant now, boolean describe) {
        EcsClient ecs = aws.ecs(location.target());
        String step = "elasticloadbalancing:DescribeTargetHealth";
        try {
            List<ServiceSnapshot.Target> targets = targets(aws.loadBalancing(location.target()), location.targetGroupArn());
            if (!describe && previous != null && previous.targets().equals(targets)) {
                return previous.confirmedAt(now);
            }
            step = "ecs:DescribeServices";
            Service service = ecs.describeServices(r -> r.cluster(location.cluster()).services(location.service())).services().stream()
                    .findFirst().orElseThrow(() -> new ServiceMissing(location.service()));
            step = "ecs:DescribeTaskDefinition";
            List<ServiceSnapshot.Deployment> deployments = service.deployments().stream()
                    .map(deployment -> new ServiceSnapshot.Deployment(deployment.id(), deployment.status(), deployment.taskDefinition(),
                            imageTag(ecs, deployment.taskDefinition()), deployment.rolloutStateAsString(), deployment.rolloutStateReason(),
                            number(deployment.desiredCount()), number(deployment.runningCount()), number(deployment.pendingCount()),
                            number(deployment.failedTasks()))).toList();
            List<ServiceSnapshot.Event> events = service.events().stream().limit(EVENTS)
                    .map(event -> new ServiceSnapshot.Event(event.createdAt(), event.message())).toList();
            ServiceSnapshot withoutTasks = new ServiceSnapshot(service.status(), deploymentConfiguration(service), number(service.desiredCount()), number(service.runningCount()),
                    number(service.pendingCount()), deployments, List.of(), targets, events, now, null, now);
            if (!tasksMayHaveChanged(previous, withoutTasks, now)) {
                return withoutTasks.withTasks(previous.tasks(), previous.tasksReadAt());
            }
            step = "ecs:ListTasks and DescribeTasks";
            return withoutTasks.withTasks(tasks(ecs, location), now);
        } catch (SdkException e) {
            throw new ReadFailed(step, e);
        }
    }

    private static boolean tasksMayHaveChanged(ServiceSnapshot previous, ServiceSnapshot now, Instant at) {
        return previous == null || !previous.tasksReadAt().plus(TASKS_AT_LEAST_EVERY).isAfter(at)
                || previous.desired() != now.desired() || previous.running() != now.running() || previous.pending() != now.pending()
                || !previous.deployments().equals(now.deployments()) || !previous.targets().equals(now.targets())
                || !previous.events().stream().findFirst().equals(now.events().stream().findFirst());
    }

    private List<ServiceSnapshot.Task> tasks(EcsClient ecs, Location location) {
        List<String> arns = new ArrayList<>();
        for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
            ecs.listTasksPaginator(r -> r.cluster(location.cluster()).serviceName(location.service()).desiredStatus(status))
                    .taskArns().forEach(arns::add);
        }
        List<ServiceSnapshot.Task> tasks = new ArrayList<>();
        for (Task task : EcsTasks.describe(ecs, location.cluster(), arns)) {
            var container = task.containers().stream().findFirst();
            String address = container.flatMap(c -> c.networkInterfaces().stream().findFirst())
                    .map(networkInterface -> networkInterface.privateIpv4Address()).orElse(null);
            tasks.add(new ServiceSnapshot.Task(EcsTasks.idOf(task.taskArn()), task.lastStatus(), task.desiredStatus(),
                    task.healthStatusAsString(), imageTag(ecs, task.taskDefinitionArn()), task.startedAt(), task.stoppedAt(),
                    task.stopCodeAsString(), task.stoppedReason(), container.map(c -> c.exitCode()).orElse(null), address));
        }
        tasks.sort(Comparator.comparing((ServiceSnapshot.Task task) -> "STOPPED".equals(task.lastStatus()))
                .thenComparing(ServiceSnapshot.Task::startedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return tasks;
    }

    /** "at least 100 % healthy, at most 200 % running; circuit breaker on, rolls back": how a deployment replaces tasks. */
    static String deploymentConfiguration(Service service) {
        DeploymentConfiguration configuration = service.deploymentConfiguration();
        if (configuration == null) {
            return null;
        }
        DeploymentCircuitBreaker breaker = configuration.deploymentCircuitBreaker();
        return "at least " + configuration.minimumHealthyPercent() + " % healthy, at most " + configuration.maximumPercent() + " % running; "
                + (breaker != null && Boolean.TRUE.equals(breaker.enable())
                ? "circuit breaker on, " + (Boolean.TRUE.equals(breaker.rollback()) ? "rolls back" : "does not roll back")
                : "no circuit breaker");
    }

    private static List<ServiceSnapshot.Target> targets(ElasticLoadBalancingV2Client loadBalancing, String targetGroupArn) {
        if (targetGroupArn == null) {
            return List.of();
        }
        return loadBalancing.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)).targetHealthDescriptions().stream()
                .map(description -> new ServiceSnapshot.Target(description.target().id(), number(description.target().port()),
                        description.targetHealth().stateAsString(), description.targetHealth().reasonAsString(),
                        description.targetHealth().description())).toList();
    }

    /** The tag of the first container's image of a task definition revision, e.g. v2 of {@code …/quest:v2}. */
    private String imageTag(EcsClient ecs, String taskDefinitionArn) {
        if (taskDefinitionArn == null) {
            return null;
        }
        return imageTags.get(taskDefinitionArn, arn -> ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition()
                .containerDefinitions().stream().findFirst().map(container -> EcsTasks.imageTag(container.image())).orElse(null));
    }

    private static int number(Integer value) {
        return value == null ? 0 : value;
    }

    /** AWS refused one step of a read: the step, as the operator's message names it, and AWS's own failure. */
    static final class ReadFailed extends RuntimeException {
        final String step;

        ReadFailed(String step, SdkException cause) {
            super(cause);
            this.step = step;
        }

        SdkException failure() {
            return (SdkException) getCause();
        }
    }

    /** The stack says the service exists, ECS does not (yet, or any more). */
    static final class ServiceMissing extends RuntimeException {
        ServiceMissing(String service) {
            super("ECS does not know the service " + service);
        }
    }
}
