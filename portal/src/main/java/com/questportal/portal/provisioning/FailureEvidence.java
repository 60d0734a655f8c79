package com.questportal.portal.provisioning;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.EcsTasks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Keeps the evidence of a failing apply while it can still be read: every task of the stack's service that stopped
 * because it failed — to start, with a non-zero exit, or at its health checks — with ECS's reason, its exit code and the
 * last lines it wrote to its log; and the service's events since the operation began. Read each watcher round while the apply runs, so that a failed create's rollback,
 * which deletes the log group, and ECS, which forgets stopped tasks, cannot take it away.
 */
@Component
class FailureEvidence {

    /** What an operator needs to see why a process died, without paging through its log. */
    static final int LAST_LINES = 20;

    private final AwsClients aws;
    private final FailedTaskRepository failures;
    private final ServiceEventRepository serviceEvents;
    /** The stopped tasks already looked at, per running operation, so that each is described once. */
    private final Map<Long, Set<String>> examined = new ConcurrentHashMap<>();

    FailureEvidence(AwsClients aws, FailedTaskRepository failures, ServiceEventRepository serviceEvents) {
        this.aws = aws;
        this.failures = failures;
        this.serviceEvents = serviceEvents;
    }

    void collect(StackOperation operation, AwsClients.Target target) {
        Map<String, String> physicalIds = physicalIds(aws.cloudFormation(target), operation.getStackName());
        String cluster = physicalIds.get(QuestTemplate.CLUSTER);
        String service = physicalIds.get(QuestTemplate.SERVICE);
        if (cluster == null || service == null) {
            return;
        }
        EcsClient ecs = aws.ecs(target);
        Set<String> seen = examined.computeIfAbsent(operation.getId(), id -> ConcurrentHashMap.newKeySet());
        List<String> fresh = ecs.listTasksPaginator(r -> r.cluster(cluster).serviceName(EcsTasks.idOf(service)).desiredStatus(DesiredStatus.STOPPED))
                .taskArns().stream().filter(arn -> !seen.contains(arn)).toList();
        Map<String, ContainerDefinition> definitions = new HashMap<>();
        for (Task task : EcsTasks.describe(ecs, cluster, fresh)) {
            if (task.stoppedAt() == null) {
                // Desired STOPPED but still draining (a task failing its health checks drains before it stops): its stop code
                // and reason come once it has stopped, so it is looked at again next round rather than marked seen now.
                continue;
            }
            seen.add(task.taskArn());
            if (!task.stoppedAt().isBefore(operation.getStartedAt()) && failed(task)) {
                ContainerDefinition container = definitions.computeIfAbsent(task.taskDefinitionArn(),
                        arn -> ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition().containerDefinitions().get(0));
                keep(operation, task, container, aws.logs(target));
            }
        }
        ecs.describeServices(r -> r.cluster(cluster).services(service)).services().stream().findFirst()
                .ifPresent(found -> keepEvents(operation, found.events()));
    }

    /** The service's events since the operation began, oldest first, each kept once. */
    private void keepEvents(StackOperation operation, List<ServiceEvent> events) {
        Set<String> kept = serviceEvents.findByOperationIdOrderByOccurredAtAscIdAsc(operation.getId()).stream()
                .map(ServiceEventRecord::getEventId).collect(Collectors.toSet());
        events.stream().filter(event -> event.createdAt() != null && !event.createdAt().isBefore(operation.getStartedAt()))
                .filter(event -> event.id() != null && !kept.contains(event.id()))
                .sorted(Comparator.comparing(ServiceEvent::createdAt))
                .forEach(event -> serviceEvents.save(new ServiceEventRecord(operation.getId(), event.id(), event.createdAt(),
                        event.message() == null ? "" : event.message())));
    }

    /** Once the operation has ended: nothing more to look at for it. */
    void forget(Long operationId) {
        examined.remove(operationId);
    }

    List<FailedTaskRecord> of(Long operationId) {
        return failures.findByOperationIdOrderByStoppedAtAsc(operationId);
    }

    /** What ECS said about the service while the operation ran, oldest first. */
    List<ServiceEventRecord> serviceEventsOf(Long operationId) {
        return serviceEvents.findByOperationIdOrderByOccurredAtAscIdAsc(operationId);
    }

    /** Stopped because it failed, not because a deployment or a scale-in replaced it. */
    static boolean failed(Task task) {
        String code = task.stopCodeAsString();
        Integer exitCode = exitCode(task);
        String reason = task.stoppedReason() == null ? "" : task.stoppedReason();
        return "TaskFailedToStart".equals(code) || "EssentialContainerExited".equals(code) && (exitCode == null || exitCode != 0)
                || reason.contains("health check");
    }

    private void keep(StackOperation operation, Task task, ContainerDefinition container, CloudWatchLogsClient logs) {
        String taskId = EcsTasks.idOf(task.taskArn());
        if (failures.existsByOperationIdAndTaskId(operation.getId(), taskId)) {
            return;
        }
        failures.save(new FailedTaskRecord(operation.getId(), taskId, EcsTasks.imageTag(container.image()), task.stoppedAt(),
                task.stopCodeAsString(), task.stoppedReason(), exitCode(task), lastLines(logs, container, taskId)));
    }

    private static Integer exitCode(Task task) {
        return task.containers().isEmpty() ? null : task.containers().get(0).exitCode();
    }

    /** The task's last lines from its awslogs stream; none when it has no log configuration or never wrote. */
    private static List<String> lastLines(CloudWatchLogsClient logs, ContainerDefinition container, String taskId) {
        Map<String, String> options = container.logConfiguration() == null ? Map.of() : container.logConfiguration().options();
        String group = options.get("awslogs-group");
        String prefix = options.get("awslogs-stream-prefix");
        if (group == null || prefix == null) {
            return List.of();
        }
        try {
            List<String> lines = new ArrayList<>();
            for (OutputLogEvent event : logs.getLogEvents(r -> r.logGroupName(group).logStreamName(prefix + "/" + container.name() + "/" + taskId)
                    .startFromHead(false).limit(LAST_LINES)).events()) {
                lines.add(event.message());
            }
            return lines;
        } catch (ResourceNotFoundException neverWrote) {
            return List.of();
        }
    }

    private static Map<String, String> physicalIds(CloudFormationClient cloudFormation, String stackName) {
        Map<String, String> ids = new HashMap<>();
        for (StackResource resource : cloudFormation.describeStackResources(r -> r.stackName(stackName)).stackResources()) {
            Optional.ofNullable(resource.physicalResourceId()).filter(id -> !id.isBlank())
                    .ifPresent(id -> ids.put(resource.logicalResourceId(), id));
        }
        return ids;
    }
}
