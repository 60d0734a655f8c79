package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.cloudformation.ResourceProvider.Provisioned;
import com.questportal.sandbox.cloudformation.ResourceProvider.ResourceFailure;
import com.questportal.sandbox.protocol.AwsServiceException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stack operations in the background, one resource step at a time (each step takes the
 * configured delay, as AWS's take time), writing CloudFormation's events as it goes and rolling
 * back when a resource fails.
 */
final class StackRunner {

    /** CloudFormation's reason when CancelUpdateStack stops an update before its next resource. */
    private static final String CANCELLED = "Resource update cancelled";


    private static final Logger log = LoggerFactory.getLogger(StackRunner.class);
    private static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    private final StackStore store;
    private final Map<String, ResourceProvider> providers;
    private final ExecutorService executor;
    private final Duration stepDelay;
    private final Clock clock;

    StackRunner(StackStore store, Map<String, ResourceProvider> providers, ExecutorService executor, Duration stepDelay, Clock clock) {
        this.store = store;
        this.providers = providers;
        this.executor = executor;
        this.stepDelay = stepDelay;
        this.clock = clock;
    }

    /** A stack operation in one account and region. */
    record Run(String account, String region, StackState stack) {

        ResourceProvider.Context context() {
            return new ResourceProvider.Context(account, region, stack.stackName, stack.stackId);
        }

        Map<String, String> pseudo() {
            return stack.pseudoParameters(account, region);
        }
    }

    /** Records the review state of a stack that a CREATE change set made. */
    void review(Run run) {
        stackEvent(run, "REVIEW_IN_PROGRESS", "User Initiated");
    }

    void create(Run run, Template template) {
        executor.submit(() -> guarded(run, () -> runCreate(run, template)));
    }

    void update(Run run, Template template, String body, Map<String, String> parameters) {
        executor.submit(() -> guarded(run, () -> runUpdate(run, template, body, parameters)));
    }

    void delete(Run run) {
        executor.submit(() -> guarded(run, () -> runDelete(run)));
    }

    private void runCreate(Run run, Template template) {
        StackState stack = run.stack();
        stackEvent(run, "CREATE_IN_PROGRESS", "User Initiated");
        ResourceScope scope = scope(run, template, stack.parameters);
        for (String logicalId : DependencyGraph.of(template).creationOrder()) {
            Template.Resource declared = template.resources().get(logicalId);
            if (!scope.isIncluded(declared)) {
                continue;
            }
            String failure = createResource(run, scope, declared);
            if (failure != null) {
                stackEvent(run, "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [" + logicalId
                        + "]. Rollback requested by user.");
                deleteAll(run, template);
                stackEvent(run, "ROLLBACK_COMPLETE", null);
                return;
            }
        }
        writeOutputs(run, template, scope);
        stackEvent(run, "CREATE_COMPLETE", null);
    }

    private void runUpdate(Run run, Template template, String body, Map<String, String> parameters) {
        StackState stack = run.stack();
        Map<String, StackResourceState> before = snapshot(stack);
        String oldBody = stack.templateBody;
        Map<String, String> oldParameters = stack.parameters;
        synchronized (stack) {
            stack.baseline = new StackState.UpdateBaseline(oldBody, oldParameters, before);
            stack.templateBody = body;
            stack.parameters = parameters;
            stack.lastUpdated = clock.instant();
        }
        stackEvent(run, "UPDATE_IN_PROGRESS", "User Initiated");
        ResourceScope scope = scope(run, template, parameters);
        for (String logicalId : DependencyGraph.of(template).creationOrder()) {
            Template.Resource declared = template.resources().get(logicalId);
            if (!scope.isIncluded(declared)) {
                continue;
            }
            String failure = stack.cancelRequested ? CANCELLED
                    : before.containsKey(logicalId) && before.get(logicalId).type.equals(declared.type())
                    ? updateResource(run, scope, declared)
                    : createResource(run, scope, declared);
            if (failure != null) {
                stackEvent(run, "UPDATE_ROLLBACK_IN_PROGRESS", CANCELLED.equals(failure) ? CANCELLED
                        : "The following resource(s) failed to update: [" + logicalId + "]. ");
                rollBackUpdate(run, Set.of());
                return;
            }
        }
        stackEvent(run, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null);
        cleanUpUpdate(run, template, scope);
    }

    /** Deletes what the update replaced or removed, then completes it. */
    private void cleanUpUpdate(Run run, Template template, ResourceScope scope) {
        StackState stack = run.stack();
        Map<String, StackResourceState> before = stack.baseline.resources();
        Template oldTemplate = Template.parse(stack.baseline.templateBody());
        for (StackResourceState old : before.values()) {
            StackResourceState now = stack.resources.get(old.logicalId);
            if (now != null && now.physicalId != null && !Objects.equals(now.physicalId, old.physicalId)) {
                deleteResource(run, old, null);
            }
        }
        List<String> removed = new ArrayList<>(before.keySet());
        removed.removeIf(id -> template.resources().containsKey(id) && scope.isIncluded(template.resources().get(id)));
        for (String logicalId : reversedOrder(oldTemplate, removed)) {
            StackResourceState resource = stack.resources.get(logicalId);
            if (resource != null) {
                deleteResource(run, resource, oldTemplate.resources().get(logicalId).deletionPolicy());
            }
            synchronized (stack) {
                stack.resources.remove(logicalId);
            }
        }
        writeOutputs(run, template, scope);
        synchronized (stack) {
            stack.baseline = null;
        }
        stackEvent(run, "UPDATE_COMPLETE", null);
    }

    /**
     * Puts every resource back as the update's baseline had it, in CloudFormation's order: resources
     * changed in place are updated back and replaced ones take their old physical resource again; then,
     * in UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, what the update made is deleted. {@code interrupted}
     * are resources whose change was under way when the sandbox stopped: their service may hold the new
     * values although the stack never recorded them, so they are put back whatever their record says.
     */
    private void rollBackUpdate(Run run, Set<String> interrupted) {
        StackState stack = run.stack();
        StackState.UpdateBaseline baseline = stack.baseline;
        Map<String, StackResourceState> before = baseline.resources();
        Template oldTemplate = Template.parse(baseline.templateBody());
        synchronized (stack) {
            stack.templateBody = baseline.templateBody();
            stack.parameters = baseline.parameters();
        }
        List<StackResourceState> discarded = new ArrayList<>();
        for (String logicalId : reversedOrder(oldTemplate, new ArrayList<>(stack.resources.keySet()))) {
            StackResourceState now = stack.resources.get(logicalId);
            StackResourceState then = before.get(logicalId);
            if (then == null) {
                discarded.add(now);
                synchronized (stack) {
                    stack.resources.remove(logicalId);
                }
            } else if (!Objects.equals(now.physicalId, then.physicalId)) {
                discarded.add(now);
                resourceEvent(run, then, "UPDATE_IN_PROGRESS", null);
                synchronized (stack) {
                    stack.resources.put(logicalId, then);
                }
                resourceEvent(run, then, "UPDATE_COMPLETE", null);
            } else if (!now.properties.equals(then.properties) || interrupted.contains(logicalId)) {
                resourceEvent(run, now, "UPDATE_IN_PROGRESS", null);
                Provisioned restored = providers.get(now.type).update(run.context(), logicalId, now.provisioned(), then.properties);
                synchronized (stack) {
                    now.properties = then.properties;
                    now.attributes = restored.attributes();
                }
                resourceEvent(run, now, "UPDATE_COMPLETE", null);
            }
        }
        String reason = stack.statusReason;
        stackEvent(run, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", null);
        for (StackResourceState resource : discarded) {
            deleteResource(run, resource, null);
        }
        writeOutputs(run, oldTemplate, scope(run, oldTemplate, baseline.parameters()));
        synchronized (stack) {
            stack.baseline = null;
        }
        stackEvent(run, "UPDATE_ROLLBACK_COMPLETE", null);
        log.info("event=stack_update_rolled_back stack={} reason=\"{}\"", stack.stackName, reason);
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
                    stackEvent(run, "ROLLBACK_IN_PROGRESS", (failed.isEmpty() ? "" : "The following resource(s) failed to create: ["
                            + failed + "]. ") + "The sandbox stopped during the operation. Rollback requested by user.");
                }
                String failure = deleteAll(run, template);
                stackEvent(run, failure == null ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED",
                        failure == null ? null : "The following resource(s) failed to delete: [" + failure + "]. ");
            }
            case "DELETE_IN_PROGRESS" -> finishDelete(run);
            case "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS" -> {
                Set<String> interrupted = new HashSet<>();
                stack.resources.values().stream().filter(resource -> resource.status != null && resource.status.endsWith("_IN_PROGRESS"))
                        .forEach(resource -> interrupted.add(resource.logicalId));
                if ("UPDATE_IN_PROGRESS".equals(stack.status)) {
                    String failed = failInterrupted(run, "UPDATE");
                    stackEvent(run, "UPDATE_ROLLBACK_IN_PROGRESS", (failed.isEmpty() ? "" : "The following resource(s) failed to update: ["
                            + failed + "]. ") + "The sandbox stopped during the operation.");
                }
                rollBackUpdate(run, interrupted);
            }
            case "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" -> cleanUpUpdate(run, template, scope(run, template, stack.parameters));
            case "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS" -> {
                synchronized (stack) {
                    stack.baseline = null;
                }
                stackEvent(run, "UPDATE_ROLLBACK_COMPLETE", null);
            }
            default -> log.warn("event=stack_not_resumed stack={} status={}", stack.stackName, stack.status);
        }
    }

    /** Ends each resource caught mid-change with a failed event; returns their logical ids, comma-separated. */
    private String failInterrupted(Run run, String action) {
        List<String> failed = new ArrayList<>();
        for (StackResourceState resource : new ArrayList<>(run.stack().resources.values())) {
            if (resource.status != null && resource.status.endsWith("_IN_PROGRESS")) {
                resourceEvent(run, resource, action + "_FAILED", "The sandbox stopped before the resource was "
                        + ("CREATE".equals(action) ? "created" : "updated") + ".");
                failed.add(resource.logicalId);
            }
        }
        return String.join(", ", failed);
    }

    private void runDelete(Run run) {
        stackEvent(run, "DELETE_IN_PROGRESS", "User Initiated");
        finishDelete(run);
    }

    private void finishDelete(Run run) {
        String failure = run.stack().templateBody == null ? null : deleteAll(run, Template.parse(run.stack().templateBody));
        if (failure != null) {
            stackEvent(run, "DELETE_FAILED", "The following resource(s) failed to delete: [" + failure + "]. ");
            return;
        }
        synchronized (run.stack()) {
            run.stack().deleted = clock.instant();
            run.stack().exports.clear();
        }
        stackEvent(run, "DELETE_COMPLETE", null);
    }

    /** Deletes every resource of the stack in reverse dependency order; returns the first that failed, or null. */
    private String deleteAll(Run run, Template template) {
        StackState stack = run.stack();
        List<String> existing = new ArrayList<>(stack.resources.keySet());
        for (String logicalId : reversedOrder(template, existing)) {
            StackResourceState resource = stack.resources.get(logicalId);
            Template.Resource declared = template.resources().get(logicalId);
            if (!deleteResource(run, resource, declared == null ? null : declared.deletionPolicy())) {
                return logicalId;
            }
        }
        return null;
    }

    private String createResource(Run run, ResourceScope scope, Template.Resource declared) {
        StackState stack = run.stack();
        StackResourceState resource = new StackResourceState(declared.logicalId(), declared.type());
        synchronized (stack) {
            stack.resources.put(declared.logicalId(), resource);
        }
        resourceEvent(run, resource, "CREATE_IN_PROGRESS", null);
        pause();
        try {
            Map<String, Object> properties = properties(scope, declared);
            ResourceProvider.Context base = run.context();
            ResourceProvider.Context context = new ResourceProvider.Context(base.accountId(), base.region(), base.stackName(),
                    base.stackId(), physicalId -> {
                        synchronized (stack) {
                            resource.physicalId = physicalId;
                        }
                        store.save(run.account(), run.region());
                    });
            Provisioned made = provider(declared.type()).create(context, declared.logicalId(), properties);
            synchronized (stack) {
                resource.physicalId = made.physicalId();
                resource.attributes = made.attributes();
                resource.properties = properties;
            }
            resourceEvent(run, resource, "CREATE_IN_PROGRESS", "Resource creation Initiated");
            resourceEvent(run, resource, "CREATE_COMPLETE", null);
            return null;
        } catch (ResourceFailure | AwsServiceException e) {
            resourceEvent(run, resource, "CREATE_FAILED", e.getMessage());
            return e.getMessage();
        }
    }

    private String updateResource(Run run, ResourceScope scope, Template.Resource declared) {
        StackState stack = run.stack();
        StackResourceState current = stack.resources.get(declared.logicalId());
        try {
            Map<String, Object> properties = properties(scope, declared);
            if (properties.equals(current.properties)) {
                return null;
            }
            ResourceProvider provider = provider(declared.type());
            boolean replace = provider.replacingProperties().stream()
                    .anyMatch(name -> !Objects.equals(properties.get(name), current.properties.get(name)));
            if (replace) {
                StackResourceState fresh = new StackResourceState(declared.logicalId(), declared.type());
                resourceEvent(run, current, "UPDATE_IN_PROGRESS",
                        "Requested update requires the creation of a new physical resource; hence creating one.");
                pause();
                Provisioned made = provider.create(run.context(), declared.logicalId(), properties);
                synchronized (stack) {
                    fresh.physicalId = made.physicalId();
                    fresh.attributes = made.attributes();
                    fresh.properties = properties;
                    stack.resources.put(declared.logicalId(), fresh);
                }
                resourceEvent(run, fresh, "UPDATE_COMPLETE", null);
            } else {
                resourceEvent(run, current, "UPDATE_IN_PROGRESS", null);
                pause();
                Provisioned changed = provider.update(run.context(), declared.logicalId(), current.provisioned(), properties);
                synchronized (stack) {
                    current.attributes = changed.attributes();
                    current.properties = properties;
                }
                resourceEvent(run, current, "UPDATE_COMPLETE", null);
            }
            return null;
        } catch (ResourceFailure | AwsServiceException e) {
            resourceEvent(run, current, "UPDATE_FAILED", e.getMessage());
            return e.getMessage();
        }
    }

    /** Deletes one resource, or keeps it when its policy says Retain; false when the delete failed. */
    private boolean deleteResource(Run run, StackResourceState resource, String deletionPolicy) {
        if (resource.physicalId == null) {
            return true;
        }
        if ("Retain".equals(deletionPolicy)) {
            resourceEvent(run, resource, "DELETE_SKIPPED", null);
            return true;
        }
        resourceEvent(run, resource, "DELETE_IN_PROGRESS", null);
        pause();
        try {
            provider(resource.type).delete(run.context(), resource.provisioned());
            resourceEvent(run, resource, "DELETE_COMPLETE", null);
            // Deleted is deleted: a DeleteStack after a rollback must not delete the rollback's resources a second time.
            synchronized (run.stack()) {
                resource.physicalId = null;
            }
            return true;
        } catch (ResourceFailure | AwsServiceException e) {
            resourceEvent(run, resource, "DELETE_FAILED", e.getMessage());
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(ResourceScope scope, Template.Resource declared) {
        return (Map<String, Object>) scope.intrinsics().evaluate(declared.properties());
    }

    private void writeOutputs(Run run, Template template, ResourceScope scope) {
        Map<String, String> outputs = new LinkedHashMap<>();
        Map<String, String> exports = new LinkedHashMap<>();
        template.outputs().forEach((name, declaration) -> {
            Map<String, Object> output = Template.asMap(declaration, "Outputs/" + name);
            if (output.containsKey("Condition") && !scope.condition(String.valueOf(output.get("Condition")))) {
                return;
            }
            String value = Intrinsics.text(scope.intrinsics().evaluate(output.get("Value")));
            outputs.put(name, value);
            if (output.get("Export") instanceof Map<?, ?> export) {
                exports.put(Intrinsics.text(scope.intrinsics().evaluate(export.get("Name"))), value);
            }
        });
        synchronized (run.stack()) {
            run.stack().outputs.clear();
            run.stack().outputs.putAll(outputs);
            run.stack().exports.clear();
            run.stack().exports.putAll(exports);
        }
    }

    private ResourceScope scope(Run run, Template template, Map<String, String> parameters) {
        return new ResourceScope(template, parameters, run.pseudo(), run.stack().resources, name -> store.all(run.account(), run.region())
                .stream().filter(other -> other.deleted == null).map(other -> other.exports.get(name))
                .filter(Objects::nonNull).findFirst().orElse(null));
    }

    private ResourceProvider provider(String type) {
        ResourceProvider provider = providers.get(type);
        if (provider == null) {
            throw new ResourceFailure("Unrecognized resource type: " + type);
        }
        return provider;
    }

    private static List<String> reversedOrder(Template template, List<String> ids) {
        List<String> order = new ArrayList<>(DependencyGraph.of(template).deletionOrder());
        order.retainAll(ids);
        ids.stream().filter(id -> !order.contains(id)).forEach(id -> order.add(0, id));
        return order;
    }

    private static Map<String, StackResourceState> snapshot(StackState stack) {
        Map<String, StackResourceState> copy = new LinkedHashMap<>();
        synchronized (stack) {
            stack.resources.forEach((id, resource) -> {
                StackResourceState same = new StackResourceState(resource.logicalId, resource.type);
                same.physicalId = resource.physicalId;
                same.status = resource.status;
                same.properties = resource.properties;
                same.attributes = resource.attributes;
                same.updated = resource.updated;
                copy.put(id, same);
            });
        }
        return copy;
    }

    private void stackEvent(Run run, String status, String reason) {
        StackState stack = run.stack();
        synchronized (stack) {
            stack.status = status;
            stack.statusReason = reason;
            stack.events.add(new StackState.Event(UUID.randomUUID().toString(), stack.stackName, stack.stackId, STACK_TYPE,
                    status, reason, clock.instant()));
        }
        store.save(run.account(), run.region());
        log.info("event=stack_status stack={} status={}", stack.stackName, status);
    }

    private void resourceEvent(Run run, StackResourceState resource, String status, String reason) {
        StackState stack = run.stack();
        synchronized (stack) {
            resource.status = status;
            resource.reason = reason;
            resource.updated = clock.instant();
            stack.events.add(new StackState.Event(UUID.randomUUID().toString(), resource.logicalId, resource.physicalId,
                    resource.type, status, reason, resource.updated));
        }
        store.save(run.account(), run.region());
    }

    private void pause() {
        try {
            Thread.sleep(stepDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            stackEvent(run, status, "Internal failure in the sandbox: " + e.getMessage());
        }
    }
}
