package com.questportal.sandbox.ecs;

import com.questportal.sandbox.protocol.JsonCodec;
import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.ScopeFiles;
import com.questportal.sandbox.state.StateFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The ECS services of each account and region in a file per account and region, so that a sandbox
 * started again on the same data directory (after a stop or a kill -9) has every service it had:
 * settings, deployments and events. Tasks are processes and do not survive; the scheduler replaces them.
 */
final class ServiceStore {

    private final Path directory;
    /** What each file holds now, so that a round that changed nothing writes nothing. */
    private final Map<Path, byte[]> written = new HashMap<>();

    ServiceStore(Path directory) {
        this.directory = directory;
    }

    /** Writes every account and region whose services changed since the last write. */
    synchronized void save(Iterable<ServiceState> services) {
        Map<Path, List<Object>> byFile = new LinkedHashMap<>();
        written.keySet().forEach(file -> byFile.put(file, new ArrayList<>()));
        for (ServiceState service : services) {
            Map<String, Object> document;
            synchronized (service) {
                document = toMap(service);
            }
            byFile.computeIfAbsent(file(service.account, service.region), key -> new ArrayList<>()).add(document);
        }
        byFile.forEach((file, documents) -> {
            byte[] content = JsonValues.write(documents);
            if (!Arrays.equals(content, written.get(file))) {
                new StateFile(file).write(content);
                written.put(file, content);
            }
        });
    }

    /**
     * Every service the data directory holds, with its deployments' task definitions looked up by ARN
     * (account, region, ARN); a deployment whose definition is unknown is left out.
     */
    @SuppressWarnings("unchecked")
    synchronized List<ServiceState> loadAll(TaskDefinitionLookup definitions) {
        List<ServiceState> services = new ArrayList<>();
        for (ScopeFiles.Scope scope : ScopeFiles.under(directory)) {
            byte[] content = new StateFile(scope.file()).read().orElseThrow();
            written.put(scope.file(), content);
            for (Object document : (List<Object>) JsonValues.read(content)) {
                fromMap((Map<String, Object>) document, definitions).ifPresent(services::add);
            }
        }
        return services;
    }

    /** Finds a task definition by account, region and ARN. */
    interface TaskDefinitionLookup {
        Optional<TaskDefinition> find(String account, String region, String arn);
    }

    private Path file(String account, String region) {
        return directory.resolve(account).resolve(region + ".json");
    }

    private static Map<String, Object> toMap(ServiceState service) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("arn", service.arn);
        document.put("name", service.name);
        document.put("clusterArn", service.clusterArn);
        document.put("account", service.account);
        document.put("region", service.region);
        document.put("createdAt", service.createdAt.toString());
        document.put("placement", new String(JsonCodec.write(CreateServiceRequest.builder().loadBalancers(service.loadBalancers)
                .networkConfiguration(service.networkConfiguration).build()), StandardCharsets.UTF_8));
        document.put("status", service.status);
        document.put("desiredCount", service.desiredCount);
        document.put("minimumHealthyPercent", service.minimumHealthyPercent);
        document.put("maximumPercent", service.maximumPercent);
        document.put("breaker", service.breaker);
        document.put("rollback", service.rollback);
        document.put("gracePeriodSeconds", service.gracePeriodSeconds);
        document.put("deployments", service.deployments.stream().map(ServiceStore::toMap).toList());
        document.put("history", service.history.stream().map(ServiceStore::toMap).toList());
        List<Object> events = new ArrayList<>();
        service.events.forEach(event -> events.add(List.of(event[0], event[1], event[2])));
        document.put("events", events);
        return document;
    }

    private static Map<String, Object> toMap(ServiceState.Deployment deployment) {
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("id", deployment.id);
        saved.put("taskDefinition", deployment.taskDefinition.taskDefinitionArn());
        saved.put("createdAt", deployment.createdAt.toString());
        saved.put("status", deployment.status);
        saved.put("rolloutState", deployment.rolloutState);
        saved.put("rolloutStateReason", deployment.rolloutStateReason);
        saved.put("failedTasks", deployment.failedTasks);
        saved.put("updatedAt", deployment.updatedAt.toString());
        saved.put("completionAnnounced", deployment.completionAnnounced);
        saved.put("deploymentStatus", deployment.deploymentStatus);
        saved.put("deploymentStatusReason", deployment.deploymentStatusReason);
        saved.put("finishedAt", deployment.finishedAt == null ? null : deployment.finishedAt.toString());
        saved.put("sourceIds", deployment.sourceIds);
        saved.put("rollbackOf", deployment.rollbackOf);
        saved.put("rollbackStartedAt", deployment.rollbackStartedAt == null ? null : deployment.rollbackStartedAt.toString());
        saved.put("rollbackToId", deployment.rollbackToId);
        return saved;
    }

    /** A saved deployment, or empty when its task definition is no longer known. */
    @SuppressWarnings("unchecked")
    private static Optional<ServiceState.Deployment> deploymentFromMap(Map<String, Object> saved, String account, String region,
                                                                      TaskDefinitionLookup definitions) {
        Optional<TaskDefinition> definition = definitions.find(account, region, (String) saved.get("taskDefinition"));
        if (definition.isEmpty()) {
            return Optional.empty();
        }
        ServiceState.Deployment deployment = new ServiceState.Deployment((String) saved.get("id"), definition.get(),
                Instant.parse((String) saved.get("createdAt")));
        deployment.status = (String) saved.get("status");
        deployment.rolloutState = (String) saved.get("rolloutState");
        deployment.rolloutStateReason = (String) saved.get("rolloutStateReason");
        deployment.failedTasks = number(saved, "failedTasks");
        deployment.updatedAt = Instant.parse((String) saved.get("updatedAt"));
        deployment.completionAnnounced = Boolean.TRUE.equals(saved.get("completionAnnounced"));
        if (saved.containsKey("deploymentStatus")) {
            deployment.deploymentStatus = (String) saved.get("deploymentStatus");
            deployment.deploymentStatusReason = (String) saved.get("deploymentStatusReason");
            deployment.finishedAt = instant(saved.get("finishedAt"));
            deployment.sourceIds = List.copyOf((List<String>) saved.get("sourceIds"));
            deployment.rollbackOf = (String) saved.get("rollbackOf");
            deployment.rollbackStartedAt = instant(saved.get("rollbackStartedAt"));
            deployment.rollbackToId = (String) saved.get("rollbackToId");
        }
        return Optional.of(deployment);
    }

    private static Instant instant(Object saved) {
        return saved == null ? null : Instant.parse((String) saved);
    }

    @SuppressWarnings("unchecked")
    private static Optional<ServiceState> fromMap(Map<String, Object> document, TaskDefinitionLookup definitions) {
        String account = (String) document.get("account");
        String region = (String) document.get("region");
        CreateServiceRequest placement = (CreateServiceRequest) JsonCodec.read(
                ((String) document.get("placement")).getBytes(StandardCharsets.UTF_8), CreateServiceRequest::builder);
        ServiceState service = new ServiceState((String) document.get("arn"), (String) document.get("name"),
                (String) document.get("clusterArn"), account, region, Instant.parse((String) document.get("createdAt")),
                placement.loadBalancers(), placement.networkConfiguration());
        service.status = (String) document.get("status");
        service.desiredCount = number(document, "desiredCount");
        service.minimumHealthyPercent = number(document, "minimumHealthyPercent");
        service.maximumPercent = number(document, "maximumPercent");
        service.breaker = Boolean.TRUE.equals(document.get("breaker"));
        service.rollback = Boolean.TRUE.equals(document.get("rollback"));
        service.gracePeriodSeconds = number(document, "gracePeriodSeconds");
        // The live deployments are the same objects as their entries in the history, as they were before the stop.
        Map<String, ServiceState.Deployment> byId = new HashMap<>();
        for (Object element : (List<Object>) document.getOrDefault("history", List.of())) {
            deploymentFromMap((Map<String, Object>) element, account, region, definitions).ifPresent(deployment -> {
                byId.put(deployment.id, deployment);
                service.history.addLast(deployment);
            });
        }
        for (Object element : (List<Object>) document.get("deployments")) {
            Map<String, Object> saved = (Map<String, Object>) element;
            ServiceState.Deployment kept = byId.get((String) saved.get("id"));
            if (kept != null) {
                service.deployments.add(kept);
            } else {
                deploymentFromMap(saved, account, region, definitions).ifPresent(service.deployments::add);
            }
        }
        if (service.deployments.isEmpty()) {
            return Optional.empty();
        }
        for (Object element : (List<Object>) document.get("events")) {
            List<Object> event = (List<Object>) element;
            service.events.addLast(new String[] {(String) event.get(0), (String) event.get(1), (String) event.get(2)});
        }
        return Optional.of(service);
    }

    private static int number(Map<String, Object> document, String key) {
        return ((Number) document.get(key)).intValue();
    }
}
