package com.questportal.sandbox.ecs;

import com.questportal.sandbox.elbv2.Targets;
import com.questportal.sandbox.runtime.DaemonThreads;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;

/**
 * Keeps every service at its desired count the way ECS does: starts the primary deployment's tasks
 * within maximumPercent, registers running tasks with the load balancer, retires older deployments'
 * tasks only while minimumHealthyPercent stays healthy (draining each for the target group's
 * deregistration delay before SIGTERM), replaces tasks that die, and trips the circuit breaker.
 */
final class ServiceScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceScheduler.class);

    final Map<String, ServiceState> services = new ConcurrentHashMap<>();
    private final TaskRunner runner;
    private final Targets targets;
    private final Clock clock;
    private final ServiceStore store;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-service-scheduler"));

    ServiceScheduler(TaskRunner runner, Targets targets, Clock clock, ServiceStore store) {
        this.runner = runner;
        this.targets = targets;
        this.clock = clock;
        this.store = store;
    }

    /**
     * Takes up the services a previous sandbox kept on disk (already in {@link #services}, so that a
     * stack resumed at start finds them), then starts keeping every service at its desired count. Their
     * tasks were processes of that sandbox and are gone: as ECS replaces tasks that stopped, it starts new
     * ones (new ids), and the old tasks' addresses leave the target groups.
     */
    void start(List<ServiceState> restored) {
        for (ServiceState service : restored) {
            if (!"INACTIVE".equals(service.status)) {
                service.steady = false;
                for (LoadBalancer balancer : service.loadBalancers) {
                    int gone = targets.deregisterAll(service.account, service.region, balancer.targetGroupArn());
                    if (gone > 0) {
                        service.event(clock.instant(), "(service " + service.name + ") deregistered " + gone + " targets in (target-group "
                                + balancer.targetGroupArn() + ")");
                    }
                }
                service.event(clock.instant(), "(service " + service.name + ") lost its tasks when the sandbox stopped; "
                        + "starting replacements.");
            }
        }
        persist();
        scheduler.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
        log.info("event=services_restored count={}", restored.size());
    }

    /** Writes what changed to disk; never called with a service's monitor held (the store takes each in turn). */
    void persist() {
        store.save(services.values());
    }

    String newDeploymentId() {
        return "ecs-svc/" + String.format("%019d", random.nextLong() & Long.MAX_VALUE);
    }

    private void tick() {
        for (ServiceState service : services.values()) {
            try {
                synchronized (service) {
                    if (!"INACTIVE".equals(service.status)) {
                        reconcile(service);
                    }
                }
            } catch (RuntimeException e) {
                log.error("event=service_scheduler_failed service={}", service.arn, e);
            }
        }
        try {
            persist();
        } catch (RuntimeException e) {
            log.error("event=service_state_not_saved", e);
        }
    }

    private void reconcile(ServiceState service) {
        List<TaskState> live = new ArrayList<>();
        for (TaskState task : runner.tasks.values()) {
            if (service.arn.equals(task.group) && task.stoppedAt == null) {
                live.add(task);
            } else if (service.arn.equals(task.group) && service.registered.remove(task.arn)) {
                service.draining.remove(task.arn);
            }
        }
        countFailures(service);
        live.forEach(task -> registerIfRunning(service, task));
        stopUnhealthy(service, live);
        List<TaskState> alive = live.stream().filter(task -> task.stoppedAt == null).toList();
        live.removeIf(task -> task.stoppedAt != null || "STOPPED".equals(task.desiredStatus));
        finishDraining(service);

        ServiceState.Deployment primary = service.primary();
        tripBreakerIfNeeded(service, primary);
        primary = service.primary();
        int desired = "DRAINING".equals(service.status) ? 0 : service.desiredCount;
        String primaryId = primary.id;
        List<TaskState> primaryTasks = live.stream().filter(task -> primaryId.equals(task.startedBy)).toList();
        int maximum = Math.max(desired, (int) Math.floor(desired * service.maximumPercent / 100.0));
        int toStart = Math.min(desired - primaryTasks.size(), maximum - live.size());
        if (toStart > 0 && !"FAILED".equals(primary.rolloutState)) {
            List<String> started = new ArrayList<>();
            for (int i = 0; i < toStart; i++) {
                TaskState task = runner.start(service.account, service.region, service.clusterArn, primary.taskDefinition, service.arn, primary.id);
                started.add(task.id);
            }
            service.steady = false;
            service.event(clock.instant(), "(service " + service.name + ") has started " + toStart + " tasks: "
                    + String.join(" ", started.stream().map(id -> "(task " + id + ")").toList()) + ".");
        }

        int minimumHealthy = (int) Math.ceil(desired * service.minimumHealthyPercent / 100.0);
        long healthy = live.stream().filter(task -> isHealthy(service, task) && !service.draining.containsKey(task.arn)).count();
        List<TaskState> retiring = new ArrayList<>(live.stream().filter(task -> !primaryId.equals(task.startedBy)).toList());
        if (primaryTasks.size() > desired) {
            retiring.addAll(primaryTasks.subList(desired, primaryTasks.size()));
        }
        retiring.sort(Comparator.comparing(task -> task.createdAt));
        for (TaskState task : retiring) {
            if (service.draining.containsKey(task.arn)) {
                continue;
            }
            boolean taskHealthy = isHealthy(service, task);
            if (!taskHealthy || healthy - 1 >= minimumHealthy) {
                drain(service, task);
                if (taskHealthy) {
                    healthy--;
                }
            }
        }
        // A deployment is gone, and a rollout settled, only once its tasks have stopped, not when they were told to.
        service.deployments.removeIf(deployment -> deployment != service.primary()
                && alive.stream().noneMatch(task -> deployment.id.equals(task.startedBy)));

        long primaryHealthy = primaryTasks.stream().filter(task -> isHealthy(service, task)).count();
        boolean settled = primaryHealthy == desired && primaryTasks.size() == desired && service.deployments.size() == 1
                && alive.size() == desired && live.size() == desired && service.draining.isEmpty();
        if (settled && "IN_PROGRESS".equals(primary.rolloutState)) {
            primary.rolloutState = "COMPLETED";
            primary.rolloutStateReason = "ECS deployment " + primary.id + " completed.";
            primary.updatedAt = clock.instant();
            ServiceState.Deployment record = service.record(primary);
            if (!record.isSettled()) {
                record.settle(record == primary ? "SUCCESSFUL" : "ROLLBACK_SUCCESSFUL", record == primary
                        ? "Service deployment completed successfully." : "Service deployment rolled back successfully.", clock.instant());
            }
            if (!primary.completionAnnounced) {
                primary.completionAnnounced = true;
                service.event(clock.instant(), "(service " + service.name + ") (deployment " + primary.id + ") deployment completed.");
            }
        }
        if (settled && !service.steady) {
            service.steady = true;
            service.event(clock.instant(), "(service " + service.name + ") has reached a steady state.");
        }
        if ("DRAINING".equals(service.status) && alive.isEmpty()) {
            service.status = "INACTIVE";
        }
    }

    private void registerIfRunning(ServiceState service, TaskState task) {
        if (!"RUNNING".equals(task.lastStatus) || service.registered.contains(task.arn) || service.draining.containsKey(task.arn)) {
            return;
        }
        for (LoadBalancer balancer : service.loadBalancers) {
            targets.register(service.account, service.region, balancer.targetGroupArn(), task.ip, balancer.containerPort());
            service.event(clock.instant(), "(service " + service.name + ") registered 1 targets in (target-group "
                    + balancer.targetGroupArn() + ")");
        }
        service.registered.add(task.arn);
    }

    private boolean isHealthy(ServiceState service, TaskState task) {
        if (!"RUNNING".equals(task.lastStatus)) {
            return false;
        }
        for (LoadBalancer balancer : service.loadBalancers) {
            if (!"healthy".equals(targets.state(service.account, service.region, balancer.targetGroupArn(), task.ip, balancer.containerPort()))) {
                return false;
            }
        }
        return true;
    }

    /** A task whose target stays unhealthy past the grace period is replaced, and counts against its deployment. */
    private void stopUnhealthy(ServiceState service, List<TaskState> live) {
        for (TaskState task : live) {
            if (task.startedAt == null || service.draining.containsKey(task.arn)
                    || clock.millis() - task.startedAt.toEpochMilli() < service.gracePeriodSeconds * 1000L) {
                continue;
            }
            for (LoadBalancer balancer : service.loadBalancers) {
                String state = targets.state(service.account, service.region, balancer.targetGroupArn(), task.ip, balancer.containerPort());
                if ("unhealthy".equals(state)) {
                    String reason = targets.reason(service.account, service.region, balancer.targetGroupArn(), task.ip,
                            balancer.containerPort());
                    service.event(clock.instant(), "(service " + service.name + ") (port " + balancer.containerPort() + ") is unhealthy in "
                            + "(target-group " + balancer.targetGroupArn() + ") due to (reason " + reason + ").");
                    targets.deregister(service.account, service.region, balancer.targetGroupArn(), task.ip, balancer.containerPort());
                    runner.stop(task, "Task failed ELB health checks in (target-group " + balancer.targetGroupArn() + ")",
                            "ServiceSchedulerInitiated");
                    service.event(clock.instant(), "(service " + service.name + ") has stopped 1 running tasks: (task " + task.id + ").");
                    deployment(service, task).ifPresent(deployment -> deployment.failedTasks++);
                    service.steady = false;
                    break;
                }
            }
        }
    }

    /**
     * Tasks of this service that stopped on their own (crashed, failed to start, killed) count against their deployment,
     * and leave their target groups as ECS has them leave: deregistered, so that a dead address is not kept as a target.
     */
    private void countFailures(ServiceState service) {
        for (TaskState task : runner.tasks.values()) {
            if (service.arn.equals(task.group) && task.stoppedAt != null && !"ServiceSchedulerInitiated".equals(task.stopCode)
                    && !"UserInitiated".equals(task.stopCode) && service.countedFailures.add(task.arn)) {
                deployment(service, task).ifPresent(deployment -> deployment.failedTasks++);
                service.event(clock.instant(), "(service " + service.name + ") has stopped 1 running tasks: (task " + task.id + ").");
                if (task.ip != null) {
                    for (LoadBalancer balancer : service.loadBalancers) {
                        targets.deregister(service.account, service.region, balancer.targetGroupArn(), task.ip, balancer.containerPort());
                        service.event(clock.instant(), "(service " + service.name + ") deregistered 1 targets in (target-group "
                                + balancer.targetGroupArn() + ")");
                    }
                }
                service.steady = false;
            }
        }
    }

    /** ECS's circuit breaker trips after half the desired count of failed tasks, at least 3 and at most 200. */
    static int breakerThreshold(ServiceState service) {
        return Math.max(3, Math.min(200, (int) Math.ceil(service.desiredCount * 0.5)));
    }

    private void tripBreakerIfNeeded(ServiceState service, ServiceState.Deployment primary) {
        if (!service.breaker || !"IN_PROGRESS".equals(primary.rolloutState) || primary.failedTasks < breakerThreshold(service)) {
            return;
        }
        primary.rolloutState = "FAILED";
        primary.rolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
        primary.updatedAt = clock.instant();
        service.event(clock.instant(), "(service " + service.name + ") (deployment " + primary.id + ") deployment failed: tasks failed to start.");
        ServiceState.Deployment record = service.record(primary);
        if (primary.rollbackOf != null) {
            record.settle("ROLLBACK_FAILED", "Service deployment rollback failed: the circuit breaker was triggered again.", clock.instant());
        } else if (service.rollback && service.deployments.size() > 1) {
            ServiceState.Deployment previous = service.deployments.get(1);
            ServiceState.Deployment rollback = new ServiceState.Deployment(newDeploymentId(), previous.taskDefinition, clock.instant());
            rollback.rollbackOf = record.id;
            service.begin(rollback, clock.instant());
            record.rollbackStartedAt = clock.instant();
            record.rollbackToId = previous.id;
            record.deploymentStatus = "ROLLBACK_IN_PROGRESS";
            record.deploymentStatusReason = "Service deployment rolling back because the circuit breaker was triggered.";
            service.event(clock.instant(), "(service " + service.name + ") rolling back to deployment " + previous.id + ".");
        } else if (!record.isSettled()) {
            record.settle("STOPPED", "Service deployment stopped because the circuit breaker was triggered.", clock.instant());
        }
    }

    private void drain(ServiceState service, TaskState task) {
        int delay = 0;
        for (LoadBalancer balancer : service.loadBalancers) {
            delay = Math.max(delay, targets.deregister(service.account, service.region, balancer.targetGroupArn(), task.ip, balancer.containerPort()));
            service.event(clock.instant(), "(service " + service.name + ") deregistered 1 targets in (target-group "
                    + balancer.targetGroupArn() + ")");
        }
        if (delay > 0) {
            service.event(clock.instant(), "(service " + service.name + ") has begun draining connections on 1 tasks.");
        }
        service.draining.put(task.arn, clock.millis() + delay * 1000L);
        service.steady = false;
    }

    private void finishDraining(ServiceState service) {
        service.draining.forEach((arn, stopAt) -> {
            if (clock.millis() >= stopAt) {
                TaskState task = runner.tasks.get(arn);
                service.draining.remove(arn);
                if (task != null) {
                    runner.stop(task, "Scaling activity initiated by (deployment " + task.startedBy + ")", "ServiceSchedulerInitiated");
                    service.event(clock.instant(), "(service " + service.name + ") has stopped 1 running tasks: (task " + task.id + ").");
                }
            }
        });
    }

    private static Optional<ServiceState.Deployment> deployment(ServiceState service, TaskState task) {
        return service.deployments.stream().filter(deployment -> deployment.id.equals(task.startedBy)).findFirst();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
