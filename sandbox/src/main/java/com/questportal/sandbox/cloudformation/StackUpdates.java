package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.cloudformation.ResourceProvider.Provisioned;
import com.questportal.sandbox.cloudformation.StackRunner.Run;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stack updates: each resource changed in place or replaced, the clean-up of what was replaced or
 * removed, and the rollback to the baseline the update started from (kept on disk, so that a rollback
 * also works for an update the sandbox was stopped in).
 */
final class StackUpdates {

    /** CloudFormation's reason when CancelUpdateStack stops an update before its next resource. */
    private static final String CANCELLED = "Resource update cancelled";

    private static final Logger log = LoggerFactory.getLogger(StackUpdates.class);

    private final StackSteps steps;
    private final Clock clock;

    StackUpdates(StackSteps steps, Clock clock) {
        this.steps = steps;
        this.clock = clock;
    }

    void run(Run run, Template template, String body, Map<String, String> parameters) {
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
        steps.stackEvent(run, "UPDATE_IN_PROGRESS", "User Initiated");
        ResourceScope scope = steps.scope(run, template, parameters);
        for (String logicalId : DependencyGraph.of(template).creationOrder()) {
            Template.Resource declared = template.resources().get(logicalId);
            if (!scope.isIncluded(declared)) {
                continue;
            }
            String failure = stack.cancelRequested ? CANCELLED
                    : before.containsKey(logicalId) && before.get(logicalId).type.equals(declared.type())
                    ? steps.updateResource(run, scope, declared)
                    : steps.createResource(run, scope, declared);
            if (failure != null) {
                steps.stackEvent(run, "UPDATE_ROLLBACK_IN_PROGRESS", CANCELLED.equals(failure) ? CANCELLED
                        : "The following resource(s) failed to update: [" + logicalId + "]. ");
                rollBack(run, Set.of());
                return;
            }
        }
        steps.stackEvent(run, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null);
        cleanUp(run, template, scope);
    }

    /** Deletes what the update replaced or removed, then completes it. */
    void cleanUp(Run run, Template template, ResourceScope scope) {
        StackState stack = run.stack();
        Map<String, StackResourceState> before = stack.baseline.resources();
        Template oldTemplate = Template.parse(stack.baseline.templateBody());
        for (StackResourceState old : before.values()) {
            StackResourceState now = stack.resources.get(old.logicalId);
            if (now != null && now.physicalId != null && !Objects.equals(now.physicalId, old.physicalId)) {
                steps.deleteResource(run, old, null);
            }
        }
        List<String> removed = new ArrayList<>(before.keySet());
        removed.removeIf(id -> template.resources().containsKey(id) && scope.isIncluded(template.resources().get(id)));
        for (String logicalId : steps.reversedOrder(oldTemplate, removed)) {
            StackResourceState resource = stack.resources.get(logicalId);
            if (resource != null) {
                steps.deleteResource(run, resource, oldTemplate.resources().get(logicalId).deletionPolicy());
            }
            synchronized (stack) {
                stack.resources.remove(logicalId);
            }
        }
        steps.writeOutputs(run, template, scope);
        synchronized (stack) {
            stack.baseline = null;
        }
        steps.stackEvent(run, "UPDATE_COMPLETE", null);
    }

    /**
     * Puts every resource back as the update's baseline had it, in CloudFormation's order: resources
     * changed in place are updated back and replaced ones take their old physical resource again; then,
     * in UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, what the update made is deleted. {@code interrupted}
     * are resources whose change was under way when the sandbox stopped: their service may hold the new
     * values although the stack never recorded them, so they are put back whatever their record says.
     */
    void rollBack(Run run, Set<String> interrupted) {
        StackState stack = run.stack();
        StackState.UpdateBaseline baseline = stack.baseline;
        Map<String, StackResourceState> before = baseline.resources();
        Template oldTemplate = Template.parse(baseline.templateBody());
        synchronized (stack) {
            stack.templateBody = baseline.templateBody();
            stack.parameters = baseline.parameters();
        }
        List<StackResourceState> discarded = new ArrayList<>();
        for (String logicalId : steps.reversedOrder(oldTemplate, new ArrayList<>(stack.resources.keySet()))) {
            StackResourceState now = stack.resources.get(logicalId);
            StackResourceState then = before.get(logicalId);
            if (then == null) {
                discarded.add(now);
                synchronized (stack) {
                    stack.resources.remove(logicalId);
                }
            } else if (!Objects.equals(now.physicalId, then.physicalId)) {
                discarded.add(now);
                steps.resourceEvent(run, then, "UPDATE_IN_PROGRESS", null);
                synchronized (stack) {
                    stack.resources.put(logicalId, then);
                }
                steps.resourceEvent(run, then, "UPDATE_COMPLETE", null);
            } else if (!now.properties.equals(then.properties) || interrupted.contains(logicalId)) {
                steps.resourceEvent(run, now, "UPDATE_IN_PROGRESS", null);
                Provisioned restored = steps.provider(now.type).update(run.context(), logicalId, now.provisioned(), now.properties,
                        then.properties);
                synchronized (stack) {
                    now.properties = then.properties;
                    now.attributes = restored.attributes();
                }
                steps.resourceEvent(run, now, "UPDATE_COMPLETE", null);
            }
        }
        String reason = stack.statusReason;
        steps.stackEvent(run, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", null);
        for (StackResourceState resource : discarded) {
            steps.deleteResource(run, resource, null);
        }
        steps.writeOutputs(run, oldTemplate, steps.scope(run, oldTemplate, baseline.parameters()));
        synchronized (stack) {
            stack.baseline = null;
        }
        steps.stackEvent(run, "UPDATE_ROLLBACK_COMPLETE", null);
        log.info("event=stack_update_rolled_back stack={} reason=\"{}\"", stack.stackName, reason);
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
}
