package com.questportal.sandbox.cloudformation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stack operations in the background, one resource step at a time, writing CloudFormation's
 * events as it goes and rolling back when a resource fails; and takes up, at start, the operations a
 * previous sandbox was stopped in.
 */
final class StackRunner {

    private static final Logger log = LoggerFactory.getLogger(StackRunner.class);

    private final ExecutorService executor;
    private final Clock clock;
    private final StackSteps steps;
    private final StackUpdates updates;

    StackRunner(StackStore store, Map<String, ResourceProvider> providers, ExecutorService executor, Duration stepDelay, Clock clock) {
        this.executor = executor;
        this.clock = clock;
        this.steps = new StackSteps(store, providers, stepDelay, clock);
        this.updates = new StackUpdates(steps, clock);
    }

    /** A stack operation in one account and region. */
    record Run(String account, String region, StackState stack) {

        ResourceProvider.Context context() {
            return new ResourceProvider.Context(account, region, stack.stackName, stack.stackId);
        }

        /** The context of a resource an update changes, which CancelUpdateStack can stop while it waits. */
        ResourceProvider.Context cancellableContext() {
            return new ResourceProvider.Context(account, region, stack.stackName, stack.stackId, physicalId -> { },
                    () -> stack.cancelRequested);
        }

        /** The context of a resource being made, told its physical id as soon as its service has one. */
        ResourceProvider.Context context(java.util.function.Consumer<String> initiated) {
            return new ResourceProvider.Context(account, region, stack.stackName, stack.stackId, initiated);
        }

        Map<String, String> pseudo() {
            return stack.pseudoParameters(account, region);
        }
    }

    /** Records the review state of a stack that a CREATE change set made. */
    void review(Run run) {
        steps.stackEvent(run, "REVIEW_IN_PROGRESS", "User Initiated");
    }

    void create(Run run, Template template) {
        executor.submit(() -> guarded(run, () -> runCreate(run, template)));
    }

    void update(Run run, Template template, String body, Map<String, String> parameters) {
        executor.submit(() -> guarded(run, () -> updates.run(run, template, body, parameters)));
    }

    void delete(Run run) {
        executor.submit(() -> guarded(run, () -> runDelete(run)));
    }

    private void runCreate(Run run, Template template) {
        StackState stack = run.stack();
        steps.stackEvent(run, "CREATE_IN_PROGRESS", "User Initiated");
        ResourceScope scope = steps.scope(run, template, stack.parameters);
        for (String logicalId : DependencyGraph.of(template).creationOrder()) {
            Template.Resource declared = template.resources().get(logicalId);
            if (!scope.isIncluded(declared)) {
                continue;
            }
            String failure = steps.createResource(run, scope, declared);
            if (failure != null) {
                steps.stackEvent(run, "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [" + logicalId
                        + "]. Rollback requested by user.");
                steps.deleteAll(run, template);
                steps.stackEvent(run, "ROLLBACK_COMPLETE", null);
                return;
            }
        }
        steps.writeOutputs(run, template, scope);
        steps.stackEvent(run, "CREATE_COMPLETE", null);
    }

    /**
     * Takes up a stack the sandbox was stopped in the middle of (by a stop, a crash or a kill -9), as
     * CloudFormation, which keeps running while its callers are down, would have ended it: a create
     * rolls back, an update rolls back to its baseline, a delete and every clean-up carry on. Never
     * leaves a stack *_IN_PROGRESS.
     */
    void resume(Run run) {
        executor.submit(() -> guarded(run, () -> runResume(run)));
    }

    private void runResume(Run run) {
        StackState stack = run.stack();
        Template template = stack.templateBody == null ? null : Template.parse(stack.templateBody);
        log.info("event=stack_resumed stack={} status={}", stack.stackName, stack.status);
        switch (stack.status) {
            case "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS" -> {
                if ("CREATE_IN_PROGRESS".equals(stack.status)) {
                    String failed = failInterrupted(run, "CREATE");
                    steps.stackEvent(run, "ROLLBACK_IN_PROGRESS", (failed.isEmpty() ? "" : "The following resource(s) failed to create: ["
                            + failed + "]. ") + "The sandbox stopped during the operation. Rollback requested by user.");
                }
                String failure = steps.deleteAll(run, template);
                steps.stackEvent(run, failure == null ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED",
                        failure == null ? null : "The following resource(s) failed to delete: [" + failure + "]. ");
            }
            case "DELETE_IN_PROGRESS" -> finishDelete(run);
            case "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS" -> {
                Set<String> interrupted = new HashSet<>();
                stack.resources.values().stream().filter(resource -> resource.status != null && resource.status.endsWith("_IN_PROGRESS"))
                        .forEach(resource -> interrupted.add(resource.logicalId));
                if ("UPDATE_IN_PROGRESS".equals(stack.status)) {
                    String failed = failInterrupted(run, "UPDATE");
                    steps.stackEvent(run, "UPDATE_ROLLBACK_IN_PROGRESS", (failed.isEmpty() ? "" : "The following resource(s) failed to update: ["
                            + failed + "]. ") + "The sandbox stopped during the operation.");
                }
                updates.rollBack(run, interrupted);
            }
            case "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" -> updates.cleanUp(run, template, steps.scope(run, template, stack.parameters));
            case "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS" -> {
                synchronized (stack) {
                    stack.baseline = null;
                }
                steps.stackEvent(run, "UPDATE_ROLLBACK_COMPLETE", null);
            }
            default -> log.warn("event=stack_not_resumed stack={} status={}", stack.stackName, stack.status);
        }
    }

    /** Ends each resource caught mid-change with a failed event; returns their logical ids, comma-separated. */
    private String failInterrupted(Run run, String action) {
        List<String> failed = new ArrayList<>();
        for (StackResourceState resource : new ArrayList<>(run.stack().resources.values())) {
            if (resource.status != null && resource.status.endsWith("_IN_PROGRESS")) {
                steps.resourceEvent(run, resource, action + "_FAILED", "The sandbox stopped before the resource was "
                        + ("CREATE".equals(action) ? "created" : "updated") + ".");
                failed.add(resource.logicalId);
            }
        }
        return String.join(", ", failed);
    }

    private void runDelete(Run run) {
        steps.stackEvent(run, "DELETE_IN_PROGRESS", "User Initiated");
        finishDelete(run);
    }

    private void finishDelete(Run run) {
        String failure = run.stack().templateBody == null ? null : steps.deleteAll(run, Template.parse(run.stack().templateBody));
        if (failure != null) {
            steps.stackEvent(run, "DELETE_FAILED", "The following resource(s) failed to delete: [" + failure + "]. ");
            return;
        }
        synchronized (run.stack()) {
            run.stack().deleted = clock.instant();
            run.stack().exports.clear();
        }
        steps.stackEvent(run, "DELETE_COMPLETE", null);
    }

    /** A bug in the engine must not leave a stack in progress forever: it fails the stack, logged with the cause. */
    private void guarded(Run run, Runnable operation) {
        try {
            operation.run();
        } catch (RuntimeException e) {
            log.error("event=stack_operation_failed stack={}", run.stack().stackName, e);
            String status = run.stack().status == null ? "CREATE_FAILED"
                    : run.stack().status.startsWith("DELETE") ? "DELETE_FAILED"
                    : run.stack().status.startsWith("UPDATE") ? "UPDATE_ROLLBACK_FAILED" : "ROLLBACK_FAILED";
            steps.stackEvent(run, status, "Internal failure in the sandbox: " + e.getMessage());
        }
    }
}
