package com.questportal.sandbox.ecs;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.JsonCodec;
import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.StateFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterSetting;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * ECS clusters and task definitions of each account and region, kept as the SDK's own objects
 * (written and read back with the JSON 1.1 codec), with ECS's checks: Fargate sizes, awsvpc, names.
 */
final class EcsControlPlane {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    static final Map<String, Set<String>> FARGATE_SIZES = Map.of(
            "256", Set.of("512", "1024", "2048"),
            "512", Set.of("1024", "2048", "3072", "4096"),
            "1024", Set.of("2048", "3072", "4096", "5120", "6144", "7168", "8192"),
            "2048", Set.of("4096", "5120", "6144", "7168", "8192", "9216", "10240", "11264", "12288", "13312", "14336", "15360", "16384"),
            "4096", gigabytes(8, 30, 1),
            "8192", gigabytes(16, 60, 4),
            "16384", gigabytes(32, 120, 8));

    /** Memory sizes in MiB from {@code from} to {@code to} GB in steps of {@code step} GB, as AWS lists the larger Fargate sizes. */
    private static Set<String> gigabytes(int from, int to, int step) {
        Set<String> sizes = new HashSet<>();
        for (int gb = from; gb <= to; gb += step) {
            sizes.add(String.valueOf(gb * 1024));
        }
        return Set.copyOf(sizes);
    }

    /** One account and region: clusters by name, task definitions by ARN. */
    static final class Scope {
        final Map<String, Cluster> clusters = new LinkedHashMap<>();
        final Map<String, TaskDefinition> taskDefinitions = new LinkedHashMap<>();
    }

    /** What runs in a cluster now: the counts DescribeClusters shows and DeleteCluster checks. */
    record Usage(int activeServices, int runningTasks, int pendingTasks) {
    }

    private final Path directory;
    private final Clock clock;
    final EcsTags tags;
    private final Function<String, Usage> usage;
    private final Map<String, Scope> byScope = new ConcurrentHashMap<>();

    /** @param usage the services and tasks of a cluster, by cluster ARN; they live with the scheduler, not here */
    EcsControlPlane(Path directory, Clock clock, EcsTags tags, Function<String, Usage> usage) {
        this.directory = directory;
        this.clock = clock;
        this.tags = tags;
        this.usage = usage;
    }

    Scope scope(String account, String region) {
        return byScope.computeIfAbsent(account + "/" + region, key -> load(account, region));
    }

    /** CreateCluster is idempotent in ECS: the same name returns the cluster that exists. */
    Cluster createCluster(String account, String region, String name, List<ClusterSetting> settings, List<Tag> clusterTags) {
        String clusterName = name == null ? "default" : name;
        if (!NAME.matcher(clusterName).matches()) {
            throw client("Cluster name can have up to 255 letters, numbers, hyphens and underscores.");
        }
        Scope scope = scope(account, region);
        synchronized (scope) {
            Cluster existing = scope.clusters.get(clusterName);
            if (existing != null && "ACTIVE".equals(existing.status())) {
                return existing;
            }
            Cluster cluster = Cluster.builder().clusterArn("arn:aws:ecs:" + region + ":" + account + ":cluster/" + clusterName)
                    .clusterName(clusterName).status("ACTIVE").settings(settings).registeredContainerInstancesCount(0)
                    .runningTasksCount(0).pendingTasksCount(0).activeServicesCount(0).build();
            tags.created(cluster.clusterArn(), clusterTags);
            scope.clusters.put(clusterName, cluster);
            save(account, region);
            return cluster;
        }
    }

    Cluster deleteCluster(String account, String region, String nameOrArn) {
        Scope scope = scope(account, region);
        synchronized (scope) {
            Cluster cluster = cluster(scope, nameOrArn);
            Usage now = usage.apply(cluster.clusterArn());
            if (now.activeServices() > 0) {
                throw AwsServiceException.badRequest("ClusterContainsServicesException",
                        "The Cluster cannot be deleted while Services are active.");
            }
            if (now.runningTasks() + now.pendingTasks() > 0) {
                throw AwsServiceException.badRequest("ClusterContainsTasksException",
                        "The Cluster cannot be deleted while Tasks are active.");
            }
            Cluster inactive = cluster.toBuilder().status("INACTIVE").build();
            scope.clusters.put(cluster.clusterName(), inactive);
            save(account, region);
            return inactive;
        }
    }

    /** The cluster as DescribeClusters shows it: with the services and tasks in it now. */
    Cluster withUsage(Cluster cluster) {
        Usage now = usage.apply(cluster.clusterArn());
        return cluster.toBuilder().activeServicesCount(now.activeServices()).runningTasksCount(now.runningTasks())
                .pendingTasksCount(now.pendingTasks()).build();
    }

    TaskDefinition register(String account, String region, RegisterTaskDefinitionRequest request, String registeredBy) {
        String family = request.family();
        if (family == null || !NAME.matcher(family).matches()) {
            throw client("Family contains invalid characters, or is longer than 255.");
        }
        if (!request.hasContainerDefinitions() || request.containerDefinitions().isEmpty()) {
            throw client("Container list cannot be empty.");
        }
        List<String> names = new ArrayList<>();
        for (ContainerDefinition container : request.containerDefinitions()) {
            if (container.name() == null || container.image() == null) {
                throw client("Container.name and Container.image should not be null or empty.");
            }
            if (names.contains(container.name())) {
                throw client("Container names must be unique within a task definition.");
            }
            names.add(container.name());
        }
        boolean fargate = request.requiresCompatibilitiesAsStrings().contains("FARGATE");
        if (fargate) {
            if (!"awsvpc".equals(request.networkModeAsString())) {
                throw client("Fargate only supports network mode 'awsvpc'.");
            }
            if (request.cpu() == null || request.memory() == null) {
                throw client("Fargate requires task definition to have task-level cpu and memory.");
            }
            if (!FARGATE_SIZES.getOrDefault(request.cpu(), Set.of()).contains(request.memory())) {
                throw client("No Fargate configuration exists for given values: " + request.cpu() + " CPU, " + request.memory()
                        + " memory. See the Amazon ECS documentation for the valid combinations.");
            }
        }
        Scope scope = scope(account, region);
        synchronized (scope) {
            int revision = scope.taskDefinitions.values().stream().filter(definition -> family.equals(definition.family()))
                    .mapToInt(TaskDefinition::revision).max().orElse(0) + 1;
            TaskDefinition definition = TaskDefinition.builder()
                    .taskDefinitionArn("arn:aws:ecs:" + region + ":" + account + ":task-definition/" + family + ":" + revision)
                    .family(family).revision(revision).status("ACTIVE").containerDefinitions(request.containerDefinitions())
                    .taskRoleArn(request.taskRoleArn()).executionRoleArn(request.executionRoleArn()).networkMode(request.networkModeAsString())
                    .requiresCompatibilitiesWithStrings(request.requiresCompatibilitiesAsStrings()).compatibilitiesWithStrings("EC2", "FARGATE")
                    .cpu(request.cpu()).memory(request.memory()).runtimePlatform(request.runtimePlatform())
                    .registeredAt(Instant.ofEpochMilli(clock.millis())).registeredBy(registeredBy).build();
            tags.created(definition.taskDefinitionArn(), request.tags());
            scope.taskDefinitions.put(definition.taskDefinitionArn(), definition);
            save(account, region);
            return definition;
        }
    }

    /** {@code family}, {@code family:revision} or an ARN; a bare family is its latest ACTIVE revision. */
    TaskDefinition taskDefinition(Scope scope, String reference) {
        if (reference == null) {
            throw client("Unable to describe task definition.");
        }
        String name = reference.contains(":task-definition/") ? reference.substring(reference.indexOf(":task-definition/") + 17) : reference;
        TaskDefinition found;
        if (name.contains(":")) {
            found = scope.taskDefinitions.values().stream().filter(d -> name.equals(d.family() + ":" + d.revision())).findFirst().orElse(null);
        } else {
            found = scope.taskDefinitions.values().stream().filter(d -> name.equals(d.family()) && "ACTIVE".equals(d.statusAsString()))
                    .max(Comparator.comparingInt(TaskDefinition::revision)).orElse(null);
        }
        if (found == null) {
            throw client("Unable to describe task definition.");
        }
        return found;
    }

    Optional<TaskDefinition> taskDefinitionByArn(String account, String region, String arn) {
        Scope scope = scope(account, region);
        synchronized (scope) {
            return Optional.ofNullable(scope.taskDefinitions.get(arn));
        }
    }

    TaskDefinition deregister(String account, String region, String reference) {
        Scope scope = scope(account, region);
        synchronized (scope) {
            TaskDefinition definition = taskDefinition(scope, reference);
            if (!reference.contains(":")) {
                throw AwsServiceException.badRequest("InvalidParameterException", "The specified task definition does not exist or is "
                        + "not a revision: give family:revision or the full ARN.");
            }
            TaskDefinition inactive = definition.toBuilder().status("INACTIVE").deregisteredAt(Instant.ofEpochMilli(clock.millis())).build();
            scope.taskDefinitions.put(inactive.taskDefinitionArn(), inactive);
            save(account, region);
            return inactive;
        }
    }

    /** The cluster and task definition a RunTask or CreateService names, each refused in ECS's words when missing. */
    record Placement(Cluster cluster, TaskDefinition definition) {
    }

    Placement placement(String account, String region, String clusterReference, String taskDefinitionReference) {
        Scope scope = scope(account, region);
        synchronized (scope) {
            return new Placement(cluster(scope, clusterReference), taskDefinition(scope, taskDefinitionReference));
        }
    }

    static Cluster cluster(Scope scope, String nameOrArn) {
        String name = nameOrArn == null ? "default" : nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        Cluster cluster = scope.clusters.get(name);
        if (cluster == null || !"ACTIVE".equals(cluster.status())) {
            throw AwsServiceException.badRequest("ClusterNotFoundException", "Cluster not found.");
        }
        return cluster;
    }

    static AwsServiceException client(String message) {
        return AwsServiceException.badRequest("ClientException", message);
    }

    private void save(String account, String region) {
        Scope scope = scope(account, region);
        Map<String, Object> document = new LinkedHashMap<>();
        List<Object> clusters = new ArrayList<>();
        scope.clusters.values().forEach(cluster -> clusters.add(new String(JsonCodec.write(cluster), StandardCharsets.UTF_8)));
        List<Object> definitions = new ArrayList<>();
        scope.taskDefinitions.values().forEach(definition -> definitions.add(new String(JsonCodec.write(definition), StandardCharsets.UTF_8)));
        document.put("clusters", clusters);
        document.put("taskDefinitions", definitions);
        new StateFile(directory.resolve(account).resolve(region + ".json")).write(JsonValues.write(document));
    }

    @SuppressWarnings("unchecked")
    private Scope load(String account, String region) {
        Scope scope = new Scope();
        new StateFile(directory.resolve(account).resolve(region + ".json")).read().ifPresent(bytes -> {
            Map<String, Object> document = (Map<String, Object>) JsonValues.read(bytes);
            for (Object json : (List<Object>) document.get("clusters")) {
                Cluster cluster = (Cluster) JsonCodec.read(((String) json).getBytes(StandardCharsets.UTF_8), Cluster::builder);
                scope.clusters.put(cluster.clusterName(), cluster);
            }
            for (Object json : (List<Object>) document.get("taskDefinitions")) {
                TaskDefinition definition = (TaskDefinition) JsonCodec.read(((String) json).getBytes(StandardCharsets.UTF_8),
                        TaskDefinition::builder);
                scope.taskDefinitions.put(definition.taskDefinitionArn(), definition);
            }
        });
        return scope;
    }
}
