package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Validation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceDriftsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceDriftsResponse;
import software.amazon.awssdk.services.cloudformation.model.DetectStackDriftRequest;
import software.amazon.awssdk.services.cloudformation.model.DetectStackDriftResponse;
import software.amazon.awssdk.services.cloudformation.model.PropertyDifference;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDrift;

/**
 * Drift detection: each resource's recorded properties against what its service says now, for the
 * properties its provider can read (a type whose provider reads none is NOT_CHECKED, as AWS leaves
 * unsupported types). Detection runs in the request and is complete when DetectStackDrift returns.
 * The results are kept in memory, until the next detection or a restart.
 */
final class Drifts {

    private record Detection(String id, String stackId, String status, int drifted, Instant at) {
    }

    private final StackStore store;
    private final Map<String, ResourceProvider> providers;
    private final Clock clock;
    private final Map<String, Detection> detections = new ConcurrentHashMap<>();
    private final Map<String, List<StackResourceDrift>> latest = new ConcurrentHashMap<>();

    Drifts(StackStore store, Map<String, ResourceProvider> providers, Clock clock) {
        this.store = store;
        this.providers = providers;
        this.clock = clock;
    }

    DetectStackDriftResponse detect(DetectStackDriftRequest request, CallContext caller) {
        StackState stack = existing(caller, request.stackName());
        String status;
        synchronized (stack) {
            status = stack.status;
        }
        if (status.endsWith("_IN_PROGRESS")) {
            throw AwsServiceException.badRequest("ValidationError", "Drift detection cannot be performed on stack [" + stack.stackId
                    + "] while it is in [" + status + "] state");
        }
        Instant now = clock.instant();
        List<StackResourceDrift> drifts = new ArrayList<>();
        List<StackResourceState> resources;
        synchronized (stack) {
            resources = stack.resources.values().stream().filter(resource -> resource.physicalId != null)
                    .filter(resource -> !request.hasLogicalResourceIds() || request.logicalResourceIds().contains(resource.logicalId))
                    .toList();
        }
        ResourceProvider.Context context = new ResourceProvider.Context(caller.accountId(), caller.region(), stack.stackName, stack.stackId);
        for (StackResourceState resource : resources) {
            drifts.add(drift(context, stack, resource, now));
        }
        int drifted = (int) drifts.stream().filter(drift -> !drift.stackResourceDriftStatusAsString().equals("IN_SYNC")
                && !drift.stackResourceDriftStatusAsString().equals("NOT_CHECKED")).count();
        String id = UUID.randomUUID().toString();
        String verdict = drifted > 0 ? "DRIFTED" : "IN_SYNC";
        detections.put(id, new Detection(id, stack.stackId, verdict, drifted, now));
        synchronized (stack) {
            stack.driftStatus = verdict;
            stack.driftCheckedAt = now;
        }
        store.save(caller.accountId(), caller.region());
        latest.put(stack.stackId, List.copyOf(drifts));
        return DetectStackDriftResponse.builder().stackDriftDetectionId(id).build();
    }

    DescribeStackDriftDetectionStatusResponse status(DescribeStackDriftDetectionStatusRequest request, CallContext caller) {
        Validation.query().required("stackDriftDetectionId", request.stackDriftDetectionId()).check();
        Detection detection = detections.get(request.stackDriftDetectionId());
        if (detection == null) {
            throw AwsServiceException.badRequest("ValidationError", "Drift detection [" + request.stackDriftDetectionId() + "] does not exist");
        }
        return DescribeStackDriftDetectionStatusResponse.builder().stackId(detection.stackId()).stackDriftDetectionId(detection.id())
                .stackDriftStatus(detection.status()).detectionStatus("DETECTION_COMPLETE").driftedStackResourceCount(detection.drifted())
                .timestamp(detection.at()).build();
    }

    DescribeStackResourceDriftsResponse resourceDrifts(DescribeStackResourceDriftsRequest request, CallContext caller) {
        StackState stack = existing(caller, request.stackName());
        List<StackResourceDrift> drifts = latest.getOrDefault(stack.stackId, List.of()).stream()
                .filter(drift -> !request.hasStackResourceDriftStatusFilters()
                        || request.stackResourceDriftStatusFiltersAsStrings().contains(drift.stackResourceDriftStatusAsString()))
                .toList();
        return DescribeStackResourceDriftsResponse.builder().stackResourceDrifts(drifts).build();
    }

    private StackResourceDrift drift(ResourceProvider.Context context, StackState stack, StackResourceState resource, Instant now) {
        StackResourceDrift.Builder drift = StackResourceDrift.builder().stackId(stack.stackId).logicalResourceId(resource.logicalId)
                .physicalResourceId(resource.physicalId).resourceType(resource.type).timestamp(now);
        ResourceProvider provider = providers.get(resource.type);
        Optional<Map<String, Object>> actual = provider == null ? Optional.empty()
                : provider.actualProperties(context, resource.provisioned());
        if (actual.isEmpty()) {
            return drift.stackResourceDriftStatus("NOT_CHECKED").build();
        }
        if (actual.get() == ResourceProvider.GONE) {
            return drift.stackResourceDriftStatus("DELETED").build();
        }
        // As CloudFormation: only the properties the template set explicitly are compared.
        java.util.Set<String> compared = new java.util.TreeSet<>(actual.get().keySet());
        compared.retainAll(resource.properties.keySet());
        List<PropertyDifference> differences = new ArrayList<>();
        compared.forEach(name -> {
            Object value = actual.get().get(name);
            Object expected = resource.properties.get(name);
            if (!Objects.equals(text(expected), text(value))) {
                differences.add(PropertyDifference.builder().propertyPath("/" + name).expectedValue(text(expected)).actualValue(text(value))
                        .differenceType(expected == null ? "ADD" : value == null ? "REMOVE" : "NOT_EQUAL").build());
            }
        });
        return drift.stackResourceDriftStatus(differences.isEmpty() ? "IN_SYNC" : "MODIFIED").propertyDifferences(differences)
                .expectedProperties(json(resource.properties, compared)).actualProperties(json(actual.get(), compared))
                .build();
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** The compared properties as a JSON object, as AWS gives ExpectedProperties and ActualProperties. */
    private static String json(Map<String, Object> properties, java.util.Set<String> names) {
        StringBuilder json = new StringBuilder("{");
        names.stream().sorted().forEach(name -> {
            if (json.length() > 1) {
                json.append(',');
            }
            Object value = properties.get(name);
            json.append('"').append(name).append("\":").append(value == null ? "null" : value instanceof Number ? value.toString()
                    : "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        });
        return json.append('}').toString();
    }

    private StackState existing(CallContext caller, String nameOrId) {
        Validation.query().required("stackName", nameOrId).check();
        return store.find(caller.accountId(), caller.region(), nameOrId).filter(stack -> stack.deleted == null)
                .orElseThrow(() -> AwsServiceException.badRequest("ValidationError", "Stack with id " + nameOrId + " does not exist"));
    }
}
