package com.questportal.portal.provisioning;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rows of operations, plans, stack events and stack state, each change in a short transaction of
 * its own, so that what happened is committed before the next AWS call and survives a crash.
 */
@Component
class OperationLedger {

    private final StackOperationRepository operations;
    private final StackPlanRepository plans;
    private final StackEventRepository events;
    private final StackStateRepository states;
    private final Clock clock = Clock.systemUTC();
    /** Operations this portal is still handing to CloudFormation: their first call may be retrying, not lost. */
    private final java.util.Set<Long> handingOver = java.util.concurrent.ConcurrentHashMap.newKeySet();

    OperationLedger(StackOperationRepository operations, StackPlanRepository plans, StackEventRepository events,
                    StackStateRepository states) {
        this.operations = operations;
        this.plans = plans;
        this.events = events;
        this.states = states;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Starts an operation, or throws {@link OperationBusy} when the environment has one running: the unique
     * active-operation row decides, in the repository's own transaction (callers hold none).
     */
    StackOperation start(String environment, StackOperation.Type type, Long planId, String stackName, int resourceTotal, String by) {
        return start(new StackOperation(environment, type, planId, stackName, resourceTotal, by, now()));
    }

    /** A deploy (or a rollback) from one image tag to another; its row holds the environment as any operation's does. */
    StackOperation startDeploy(String environment, StackOperation.Type type, String stackName, String fromTag, String toTag, String by) {
        StackOperation deploy = new StackOperation(environment, type, null, stackName, 1, by, now());
        deploy.deploys(fromTag, toTag);
        return start(deploy);
    }

    private StackOperation start(StackOperation operation) {
        try {
            return operations.saveAndFlush(operation);
        } catch (DataIntegrityViolationException taken) {
            throw new OperationBusy(operations.findByActiveEnvironment(operation.getEnvironmentName()).orElse(null));
        }
    }

    void handingOver(Long operationId, boolean still) {
        if (still) {
            handingOver.add(operationId);
        } else {
            handingOver.remove(operationId);
        }
    }

    boolean isHandingOver(Long operationId) {
        return handingOver.contains(operationId);
    }

    @Transactional
    void baseline(Long operationId, String stackId, String newestEventId) {
        StackOperation operation = operations.findById(operationId).orElseThrow();
        operation.stackIs(stackId, operation.getStackStatus());
        operation.sawEvent(newestEventId);
    }

    /** Who asked to cancel the operation; null takes it back (CloudFormation refused). */
    @Transactional
    StackOperation cancelRequested(Long operationId, String by) {
        StackOperation operation = operations.findById(operationId).orElseThrow();
        operation.cancelRequested(by);
        return operation;
    }

    /** The ECS deployment a redeploy started, for the watcher to follow. */
    @Transactional
    void ecsDeployment(Long operationId, String serviceArn, String deploymentId) {
        operations.findById(operationId).orElseThrow().ecsDeployment(serviceArn, deploymentId);
    }

    /** Records what a poll saw: new events (oldest first), the stack's id and status. */
    @Transactional
    StackOperation progress(Long operationId, String stackId, String stackStatus, List<StackEventRecord> newEvents) {
        StackOperation operation = operations.findById(operationId).orElseThrow();
        for (StackEventRecord event : newEvents) {
            if (!events.existsByOperationIdAndEventId(operationId, event.getEventId())) {
                events.save(event);
            }
            operation.sawEvent(event.getEventId());
        }
        operation.stackIs(stackId, stackStatus);
        return operation;
    }

    @Transactional
    StackOperation finish(Long operationId, StackOperation.Status outcome, String why) {
        StackOperation operation = operations.findById(operationId).orElseThrow();
        if (operation.isRunning()) {
            operation.finish(outcome, why, now());
        }
        return operation;
    }

    /** Ends an operation the portal did itself, with what it did in words. */
    @Transactional
    StackOperation finish(Long operationId, StackOperation.Status outcome, String why, String summary) {
        StackOperation operation = finish(operationId, outcome, why);
        operation.summarize(summary);
        return operation;
    }

    @Transactional
    void stackState(String environment, String status, String outputsJson) {
        StackStateRecord state = states.findById(environment).orElseGet(() -> new StackStateRecord(environment));
        state.update(status, outputsJson, now());
        states.save(state);
    }

    @Transactional
    void planStatus(Long planId, StackPlan.Status status) {
        plans.findById(planId).ifPresent(plan -> plan.moveTo(status, now()));
    }

    @Transactional(readOnly = true)
    Optional<StackPlan> plan(Long planId) {
        return planId == null ? Optional.empty() : plans.findById(planId);
    }

    @Transactional(readOnly = true)
    List<StackOperation> running() {
        return operations.findByStatus(StackOperation.Status.RUNNING);
    }

    @Transactional(readOnly = true)
    Optional<StackOperation> operation(Long id) {
        return operations.findById(id);
    }

    @Transactional(readOnly = true)
    List<StackEventRecord> events(Long operationId) {
        return events.findByOperationIdOrderByIdAsc(operationId);
    }
}
