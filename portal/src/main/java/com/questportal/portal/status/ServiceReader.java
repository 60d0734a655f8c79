package com.questportal.portal.status;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.EcsTasks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Reads one environment's service as it is now: DescribeServices, ListTasks (running and stopped) with DescribeTasks in
 * ECS's batches, DescribeTargetHealth of its target group. A task definition's image tag is read once per revision
 * (revisions never change) and kept.
 */
final class ServiceReader {

    private static final int EVENTS = 50;

    private final AwsClients aws;
    private final Cache<String, String> imageTags = Caffeine.newBuilder().maximumSize(10_000).build();

    ServiceReader(AwsClients aws) {
        this.aws = aws;
    }

    /** Where an environment's service is: from its stack's outputs. */
    record Location(AwsClients.Target target, String cluster, String service, String targetGroupArn) {
    }

    /** Throws {@link ReadFailed} naming the step AWS refused. */
    ServiceSnapshot read(Location location, Instant now) {
        EcsClient ecs = aws.ecs(location.target());
        String step = "ecs:DescribeServices";
        try {
            Service service = ecs.describeServices(r -> r.cluster(location.cluster()).services(location.service())).services().stream()
                    .findFirst().orElseThrow(() -> new ServiceMissing(location.service()));
            step = "ecs:DescribeTaskDefinition";
            List<ServiceSnapshot.Deployment> deployments = service.deployments().stream()
                    .map(deployment -> new ServiceSnapshot.Deployment(deployment.id(), deployment.status(), deployment.taskDefinition(),
                            imageTag(ecs, deployment.taskDefinition()), deployment.rolloutStateAsString(), deployment.rolloutStateReason(),
                            number(deployment.desiredCount()), number(deployment.runningCount()), number(deployment.pendingCount()),
                            number(deployment.failedTasks()))).toList();
            step = "ecs:ListTasks and DescribeTasks";
            List<ServiceSnapshot.Task> tasks = tasks(ecs, location);
            step = "elasticloadbalancing:DescribeTargetHealth";
            List<ServiceSnapshot.Target> targets = targets(aws.loadBalancing(location.target()), location.targetGroupArn());
            List<ServiceSnapshot.Event> events = service.events().stream().limit(EVENTS)
                    .map(event -> new ServiceSnapshot.Event(event.createdAt(), event.message())).toList();
            return new ServiceSnapshot(service.status(), number(service.desiredCount()), number(service.runningCount()),
                    number(service.pendingCount()), deployments, tasks, targets, events, now);
        } catch (SdkException e) {
            throw new ReadFailed(step, e);
        }
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
