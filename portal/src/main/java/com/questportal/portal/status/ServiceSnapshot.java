package com.questportal.portal.status;

import java.time.Instant;
import java.util.List;

/**
 * What ECS and ELBv2 said of one environment's service at one moment: the service and its deployments, its tasks
 * (running and recently stopped, as they were listed at {@code tasksReadAt}), the targets of its target group, and its
 * newest events. {@code takenAt} is when it was last known to be so: read then ({@code describedAt}), or confirmed then
 * because nothing about the service had moved.
 */
public record ServiceSnapshot(String serviceStatus, String deploymentConfiguration, int desired, int running, int pending, List<Deployment> deployments,
                              List<Task> tasks, List<Target> targets, List<Event> events, Instant takenAt, Instant tasksReadAt,
                              Instant describedAt) {

    public record Deployment(String id, String status, String taskDefinition, String imageTag, String rolloutState,
                             String rolloutStateReason, int desired, int running, int pending, int failed) {
    }

    public record Task(String id, String lastStatus, String desiredStatus, String healthStatus, String imageTag, Instant startedAt,
                       Instant stoppedAt, String stopCode, String stoppedReason, Integer exitCode, String address) {
    }

    public record Target(String id, int port, String state, String reason, String description) {
    }

    public record Event(Instant at, String message) {
    }

    public ServiceSnapshot {
        deployments = List.copyOf(deployments);
        tasks = List.copyOf(tasks);
        targets = List.copyOf(targets);
        events = List.copyOf(events);
    }

    /** The same reading with the tasks as listed at {@code readAt}. */
    ServiceSnapshot withTasks(List<Task> newTasks, Instant readAt) {
        return new ServiceSnapshot(serviceStatus, deploymentConfiguration, desired, running, pending, deployments, newTasks, targets, events,
                takenAt, readAt, describedAt);
    }

    /** The same reading, known to be still so at {@code at}. */
    ServiceSnapshot confirmedAt(Instant at) {
        return new ServiceSnapshot(serviceStatus, deploymentConfiguration, desired, running, pending, deployments, tasks, targets, events,
                at, tasksReadAt, describedAt);
    }

    /** The tags the service's deployments run, primary first: two during a rollout. */
    public List<String> runningTags() {
        return deployments.stream().filter(deployment -> deployment.running() > 0 || "PRIMARY".equals(deployment.status()))
                .map(Deployment::imageTag).distinct().toList();
    }
}
