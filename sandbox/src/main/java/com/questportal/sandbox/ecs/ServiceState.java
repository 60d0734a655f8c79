package com.questportal.sandbox.ecs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** One ECS service: its settings, its deployments and its events. Guarded by its own monitor. */
final class ServiceState {

    /** One deployment: a task definition rolled out to the desired count. */
    static final class Deployment {
        final String id;
        final TaskDefinition taskDefinition;
        final Instant createdAt;
        String status = "PRIMARY";
        String rolloutState = "IN_PROGRESS";
        String rolloutStateReason = "ECS deployment in progress.";
        int failedTasks;
        Instant updatedAt;
        /** Whether "deployment completed" was written: a desired count changed later re-opens the rollout, not the event. */
        boolean completionAnnounced;

        Deployment(String id, TaskDefinition taskDefinition, Instant createdAt) {
            this.id = id;
            this.taskDefinition = taskDefinition;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    final String arn;
    final String name;
    final String clusterArn;
    final String account;
    final String region;
    final Instant createdAt;
    final List<LoadBalancer> loadBalancers;
    final NetworkConfiguration networkConfiguration;
    String status = "ACTIVE";
    int desiredCount;
    int minimumHealthyPercent;
    int maximumPercent;
    boolean breaker;
    boolean rollback;
    int gracePeriodSeconds;
    boolean steady;
    final List<Deployment> deployments = new ArrayList<>();
    final LinkedList<String[]> events = new LinkedList<>();
    /** Tasks the scheduler is draining, by task ARN, with the time to stop them. */
    final Map<String, Long> draining = new ConcurrentHashMap<>();
    /** Tasks the scheduler registered with the load balancer, by task ARN. */
    final Set<String> registered = ConcurrentHashMap.newKeySet();
    /** Stopped tasks already counted against their deployment, by task ARN. */
    final Set<String> countedFailures = ConcurrentHashMap.newKeySet();

    ServiceState(String arn, String name, String clusterArn, String account, String region, Instant createdAt,
                 List<LoadBalancer> loadBalancers, NetworkConfiguration networkConfiguration) {
        this.arn = arn;
        this.name = name;
        this.clusterArn = clusterArn;
        this.account = account;
        this.region = region;
        this.createdAt = createdAt;
        this.loadBalancers = List.copyOf(loadBalancers);
        this.networkConfiguration = networkConfiguration;
    }

    Deployment primary() {
        return deployments.get(0);
    }

    void event(Instant at, String message) {
        events.addFirst(new String[] {java.util.UUID.randomUUID().toString(), at.toString(), message});
        if (events.size() > 100) {
            events.removeLast();
        }
    }
}
