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
        /** The service deployment's own record, as ListServiceDeployments and DescribeServiceDeployments show it. */
        String deploymentStatus = "IN_PROGRESS";
        String deploymentStatusReason;
        Instant finishedAt;
        /** The deployments whose tasks ran when this one began, by id: its source revisions. */
        List<String> sourceIds = List.of();
        /** For a circuit breaker's rollback, the deployment it rolls back; its record follows the rollback to the end. */
        String rollbackOf;
        /** For a deployment the circuit breaker rolled back: when, and to which deployment's revision. */
        Instant rollbackStartedAt;
        String rollbackToId;

        Deployment(String id, TaskDefinition taskDefinition, Instant createdAt) {
            this.id = id;
            this.taskDefinition = taskDefinition;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        /** The number ECS gives both the service deployment and its revision, after {@code ecs-svc/}. */
        String number() {
            return id.substring(id.indexOf('/') + 1);
        }

        boolean isSettled() {
            return !"IN_PROGRESS".equals(deploymentStatus) && !"ROLLBACK_IN_PROGRESS".equals(deploymentStatus);
        }

        void settle(String status, String reason, Instant at) {
            deploymentStatus = status;
            deploymentStatusReason = reason;
            finishedAt = at;
        }
    }

    /** How many service deployments each service keeps for ListServiceDeployments, newest first. */
    static final int HISTORY_KEPT = 100;

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
    /** Every service deployment, newest first, after its tasks are gone too (a rollback's own tasks are its source's). */
    final LinkedList<Deployment> history = new LinkedList<>();
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

    /**
     * Starts a deployment: the primary from now on, the ones before it active until their tasks are gone. A rollback is not
     * a service deployment of its own; any other stops the one still in progress, as ECS has a new deployment do.
     */
    void begin(Deployment deployment, Instant at) {
        deployment.sourceIds = deployments.stream().map(running -> running.id).toList();
        deployments.forEach(old -> old.status = "ACTIVE");
        deployments.add(0, deployment);
        if (deployment.rollbackOf != null) {
            return;
        }
        history.stream().filter(earlier -> !earlier.isSettled()).forEach(earlier ->
                earlier.settle("STOPPED", "Service deployment stopped: a new service deployment started.", at));
        history.addFirst(deployment);
        if (history.size() > HISTORY_KEPT) {
            history.removeLast();
        }
    }

    /** The service deployment a deployment's record is: its own, or for a rollback, the one it rolls back. */
    Deployment record(Deployment deployment) {
        return deployment.rollbackOf == null ? deployment
                : history.stream().filter(candidate -> candidate.id.equals(deployment.rollbackOf)).findFirst().orElse(deployment);
    }

    void event(Instant at, String message) {
        events.addFirst(new String[] {java.util.UUID.randomUUID().toString(), at.toString(), message});
        if (events.size() > 100) {
            events.removeLast();
        }
    }
}
