package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.cloudformation.ResourceProvider.Provisioned;
import com.questportal.sandbox.cloudformation.ResourceProvider.ResourceFailure;
import com.questportal.sandbox.cloudformation.StackRunner.Run;
import com.questportal.sandbox.protocol.AwsServiceException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every stack operation is made of: one resource created, updated or deleted (each taking
 * the configured delay, as AWS's take time), the events CloudFormation writes for them and for the
 * stack, and the outputs. Each event is on disk before the next step starts.
 */
final class StackSteps {

    private static final Logger log = LoggerFactory.getLogger(StackSteps.class);
    private static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    private final StackStore store;
    private final Map<String, ResourceProvider> providers;
    private final Duration stepDelay;
    private final Clock clock;

    StackSteps(StackStore store, Map<String, ResourceProvider> providers, Duration stepDelay, Clock clock) {
        this.store = store;
        this.providers = providers;
        this.stepDelay = stepDelay;
        this.clock = clock;
    }

    /** Deletes every resource of the stack in reverse dependency order; returns the first that failed, or null. */
    String deleteAll(Run run, Template template) {
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

    String createResource(Run run, ResourceScope scope, Template.Resource declared) {
        StackState stack = run.stack();
        StackResourceState resource = new StackResourceState(declared.logicalId(), declared.type());
        synchronized (stack) {
            stack.resources.put(declared.logicalId(), resource);
        }
        resourceEvent(run, resource, "CREATE_IN_PROGRESS", null);
        pause();
        try {
            Map<String, Object> properties = properties(scope, declared);
            ResourceProvider.Context context = run.context(physicalId -> {
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

    String updateResource(Run run, ResourceScope scope, Template.Resource declared) {
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
                Provisioned changed = provider.update(run.cancellableContext(), declared.logicalId(), current.provisioned(),
                        current.properties, properties);
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
    boolean deleteResource(Run run, StackResourceState resource, String deletionPolicy) {
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
    static Map<String, Object> properties(ResourceScope scope, Template.Resource declared) {
        return (Map<String, Object>) scope.intrinsics().evaluate(declared.properties());
    }

    void writeOutputs(Run run, Template template, ResourceScope scope) {
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

    ResourceScope scope(Run run, Template template, Map<String, String> parameters) {
        return new ResourceScope(template, parameters, run.pseudo(), run.stack().resources, name -> store.all(run.account(), run.region())
                .stream().filter(other -> other.deleted == null).map(other -> other.exports.get(name))
                .filter(Objects::nonNull).findFirst().orElse(null));
    }

    ResourceProvider provider(String type) {
        ResourceProvider provider = providers.get(type);
        if (provider == null) {
            throw new ResourceFailure("Unrecognized resource type: " + type);
        }
        return provider;
    }

    static List<String> reversedOrder(Template template, List<String> ids) {
        List<String> order = new ArrayList<>(DependencyGraph.of(template).deletionOrder());
        order.retainAll(ids);
        ids.stream().filter(id -> !order.contains(id)).forEach(id -> order.add(0, id));
        return order;
    }

    void stackEvent(Run run, String status, String reason) {
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

    void resourceEvent(Run run, StackResourceState resource, String status, String reason) {
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

    void pause() {
        try {
            Thread.sleep(stepDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
