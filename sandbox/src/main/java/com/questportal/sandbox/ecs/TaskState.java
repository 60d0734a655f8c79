package com.questportal.sandbox.ecs;

import java.time.Instant;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkInterface;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** One task: its ECS status and times, and the process that is its (single) container. Guarded by its own monitor. */
final class TaskState {

    final String arn;
    final String id;
    final String account;
    final String region;
    final String clusterArn;
    final TaskDefinition definition;
    final String group;
    final String startedBy;
    final String ip;
    final Instant createdAt;
    String lastStatus = "PROVISIONING";
    String desiredStatus = "RUNNING";
    Instant pullStartedAt;
    Instant startedAt;
    Instant stoppingAt;
    Instant stoppedAt;
    String stopCode;
    String stoppedReason;
    Integer exitCode;
    Process process;

    TaskState(String arn, String id, String account, String region, String clusterArn, TaskDefinition definition, String group,
              String startedBy, String ip, Instant createdAt) {
        this.arn = arn;
        this.id = id;
        this.account = account;
        this.region = region;
        this.clusterArn = clusterArn;
        this.definition = definition;
        this.group = group;
        this.startedBy = startedBy;
        this.ip = ip;
        this.createdAt = createdAt;
    }

    /** ECS names a service's tasks' group {@code service:<name>}; the sandbox keeps the service's ARN to tell clusters apart. */
    private String shownGroup() {
        return group != null && group.contains(":service/") ? "service:" + group.substring(group.lastIndexOf('/') + 1) : group;
    }

    /**
     * UNKNOWN without a container health check, as ECS reports it; with one, HEALTHY once the container
     * answers on its port (the sandbox's stand-in for running the check's command), UNKNOWN before.
     */
    private String healthStatus() {
        boolean checked = definition.containerDefinitions().get(0).healthCheck() != null;
        return checked && "RUNNING".equals(lastStatus) ? "HEALTHY" : "UNKNOWN";
    }

    synchronized boolean desires(String status) {
        return status.equals(desiredStatus);
    }

    synchronized Task toTask() {
        var containerDefinition = definition.containerDefinitions().get(0);
        Container container = Container.builder()
                .containerArn(arn.replace(":task/", ":container/") + "/" + containerDefinition.name())
                .taskArn(arn).name(containerDefinition.name()).image(containerDefinition.image()).lastStatus(lastStatus)
                .exitCode(exitCode).reason(exitCode == null ? null : stoppedReason).healthStatus(healthStatus())
                .networkInterfaces(NetworkInterface.builder().privateIpv4Address(ip).build()).build();
        return Task.builder().taskArn(arn).clusterArn(clusterArn).taskDefinitionArn(definition.taskDefinitionArn())
                .lastStatus(lastStatus).desiredStatus(desiredStatus).launchType("FARGATE").cpu(definition.cpu()).memory(definition.memory())
                .group(shownGroup()).startedBy(startedBy).healthStatus(healthStatus()).availabilityZone(region + "a").createdAt(createdAt).pullStartedAt(pullStartedAt)
                .startedAt(startedAt).stoppingAt(stoppingAt).stoppedAt(stoppedAt).stopCode(stopCode).stoppedReason(stoppedReason)
                .containers(container)
                .attachments(Attachment.builder().id(id).type("ElasticNetworkInterface").status(stoppedAt == null ? "ATTACHED" : "DELETED")
                        .details(KeyValuePair.builder().name("privateIPv4Address").value(ip).build()).build())
                .build();
    }
}
