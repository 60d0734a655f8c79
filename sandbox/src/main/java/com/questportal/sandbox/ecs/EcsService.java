package com.questportal.sandbox.ecs;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.cloudwatch.MetricStore;
import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import com.questportal.sandbox.ecr.EcrService;
import com.questportal.sandbox.elbv2.Targets;
import com.questportal.sandbox.logs.LogsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.ssm.SsmService;
import com.sun.net.httpserver.HttpHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TagResourceRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskField;
import software.amazon.awssdk.services.ecs.model.UntagResourceRequest;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.CreateClusterResponse;
import software.amazon.awssdk.services.ecs.model.DeleteClusterRequest;
import software.amazon.awssdk.services.ecs.model.DeleteClusterResponse;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeClustersRequest;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListClustersRequest;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsRequest;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;
import software.amazon.awssdk.services.ecs.model.StopTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.ListServicesRequest;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** ECS's clusters and task definitions. Services and tasks arrive with the data plane that runs them. */
public final class EcsService {

    private final EcsControlPlane ecs;
    private final TaskRunner runner;
    private final Services services;
    private final Tagging tagging;
    private final ServiceDeployments serviceDeployments;
    private final List<ServiceState> restored;
    private final Clock clock;
    private volatile ServiceMetrics serviceMetrics;

    /**
     * @param endpoint where the sandbox listens, for the task metadata endpoint it gives each task
     * @param stepDelay how long each lifecycle step of a task takes before its process starts
     */
    public EcsService(Path directory, EcrService ecr, SsmService ssm, LogsService logs, Targets targets, Supplier<URI> endpoint,
                      Clock clock, Duration stepDelay) {
        TaskPidFiles pidFiles = new TaskPidFiles(directory.resolve("running-tasks"));
        pidFiles.reapLeftovers();
        this.clock = clock;
        this.runner = new TaskRunner(ecr, ssm, logs, endpoint, clock, stepDelay, pidFiles);
        ServiceStore store = new ServiceStore(directory.resolve("services"));
        ServiceScheduler scheduler = new ServiceScheduler(runner, targets, clock, store);
        this.ecs = new EcsControlPlane(directory, clock, new EcsTags(directory),
                clusterArn -> usage(clusterArn, scheduler, runner));
        this.services = new Services(ecs, runner, scheduler, clock);
        this.tagging = new Tagging(ecs, services, runner, ecs.tags);
        this.serviceDeployments = new ServiceDeployments(services, runner);
        this.restored = store.loadAll(ecs::taskDefinitionByArn);
        restored.forEach(service -> scheduler.services.put(service.arn, service));
    }

    /**
     * Starts keeping services at their desired count, the services a previous sandbox on this data
     * directory kept among them. Called once the sandbox serves: tasks need its metadata endpoint.
     */
    public void start() {
        services.scheduler.start(restored);
    }

    private static EcsControlPlane.Usage usage(String clusterArn, ServiceScheduler scheduler, TaskRunner runner) {
        int services = (int) scheduler.services.values().stream()
                .filter(service -> service.clusterArn.equals(clusterArn) && !"INACTIVE".equals(service.status)).count();
        TaskRunner.Counts tasks = runner.count(task -> task.clusterArn.equals(clusterArn));
        return new EcsControlPlane.Usage(services, tasks.running(), tasks.pending());
    }

    /** The task metadata endpoint v4: {@code /_sandbox/task-metadata/<task id>} and {@code .../task}. */
    public HttpHandler metadataEndpoint() {
        return exchange -> {
            try (exchange) {
                String rest = exchange.getRequestURI().getPath().substring("/_sandbox/task-metadata/".length());
                boolean whole = rest.endsWith("/task");
                String document = runner.metadata(whole ? rest.substring(0, rest.length() - 5) : rest, whole);
                byte[] body = (document == null ? "{\"message\":\"no such task\"}" : document).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(document == null ? 404 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        };
    }

    /**
     * Fault injection: kills the task's process at once (SIGKILL), as a crashed container dies; the
     * task then stops as ECS reports an exited essential container. False when no running task has the id.
     */
    public boolean killTask(String taskId) {
        TaskState task = runner.tasks.values().stream().filter(candidate -> candidate.id.equals(taskId)).findFirst().orElse(null);
        if (task == null) {
            return false;
        }
        synchronized (task) {
            if (task.process == null || !task.process.isAlive()) {
                return false;
            }
            task.process.destroyForcibly();
            return true;
        }
    }

    /** What Application Auto Scaling reads of a service: its desired and running counts, and its running tasks' CPU. */
    public record ServiceCapacity(int desired, int running, Duration cpuTime, double vcpus) {
    }

    /**
     * A service's capacity, by its cluster's and its own name; empty when there is no such active service. The CPU is the
     * time the running tasks' processes have used so far, and the vCPUs their task definitions reserve.
     */
    public java.util.Optional<ServiceCapacity> capacity(String account, String region, String cluster, String serviceName) {
        ServiceState service = services.scheduler.services.values().stream()
                .filter(candidate -> candidate.account.equals(account) && candidate.region.equals(region)
                        && candidate.name.equals(serviceName) && candidate.clusterArn.endsWith(":cluster/" + cluster)
                        && !"INACTIVE".equals(candidate.status))
                .findFirst().orElse(null);
        return service == null ? java.util.Optional.empty() : java.util.Optional.of(capacity(service));
    }

    private ServiceCapacity capacity(ServiceState service) {
        int desired;
        synchronized (service) {
            desired = service.desiredCount;
        }
        int running = 0;
        Duration cpu = Duration.ZERO;
        double vcpus = 0;
        for (TaskState task : runner.tasks.values()) {
            synchronized (task) {
                if (service.arn.equals(task.group) && "RUNNING".equals(task.lastStatus) && task.stoppedAt == null) {
                    running++;
                    vcpus += Integer.parseInt(task.definition.cpu()) / 1024.0;
                    if (task.process != null) {
                        cpu = cpu.plus(task.process.info().totalCpuDuration().orElse(Duration.ZERO));
                    }
                }
            }
        }
        return new ServiceCapacity(desired, running, cpu, vcpus);
    }

    /** Application Auto Scaling sets a service's desired count, through UpdateService as its service-linked role would. */
    public void setDesiredCount(String account, String region, String cluster, String serviceName, int desired) {
        services.update(UpdateServiceRequest.builder().cluster(cluster).service(serviceName).desiredCount(desired).build(),
                new CallContext(java.util.UUID.randomUUID().toString(), account, region, "arn:aws:sts::" + account
                        + ":assumed-role/AWSServiceRoleForApplicationAutoScaling_ECSService/AutoScaling", "AutoScaling",
                        "ASIAAPPLICATIONAUTOSCALING"));
    }

    /** Publishes each active service's CPUUtilization to CloudWatch once a period, until the sandbox stops. */
    public void publishMetrics(MetricStore metrics, Duration period) {
        ServiceMetrics published = new ServiceMetrics(this::activeServices, metrics, clock);
        serviceMetrics = published;
        published.start(period);
    }

    /** Every active service as CloudWatch names it, with its capacity now. */
    private Map<ServiceMetrics.Named, ServiceCapacity> activeServices() {
        Map<ServiceMetrics.Named, ServiceCapacity> active = new java.util.HashMap<>();
        for (ServiceState service : services.scheduler.services.values()) {
            if (!"INACTIVE".equals(service.status)) {
                active.put(new ServiceMetrics.Named(service.account, service.region,
                        service.clusterArn.substring(service.clusterArn.indexOf(":cluster/") + ":cluster/".length()), service.name),
                        capacity(service));
            }
        }
        return active;
    }

    /** Stops every task process; called when the sandbox stops. */
    public void stopAllTasks() {
        if (serviceMetrics != null) {
            serviceMetrics.close();
        }
        services.scheduler.close();
        runner.close();
    }

    public List<ResourceProvider> providers() {
        List<ResourceProvider> providers = new ArrayList<>(EcsProviders.all(ecs));
        providers.add(new ServiceProvider(services));
        return providers;
    }

    public AwsService api() {
        return AwsService.json("ecs", "AmazonEC2ContainerServiceV20141113", List.of(
                Operation.of("CreateCluster", CreateClusterRequest::builder, this::createCluster),
                Operation.of("DescribeClusters", DescribeClustersRequest::builder, this::describeClusters),
                Operation.of("ListClusters", ListClustersRequest::builder, this::listClusters),
                Operation.of("DeleteCluster", DeleteClusterRequest::builder, this::deleteCluster),
                Operation.of("RegisterTaskDefinition", RegisterTaskDefinitionRequest::builder, this::registerTaskDefinition),
                Operation.of("DescribeTaskDefinition", DescribeTaskDefinitionRequest::builder, this::describeTaskDefinition),
                Operation.of("ListTaskDefinitions", ListTaskDefinitionsRequest::builder, this::listTaskDefinitions),
                Operation.of("DeregisterTaskDefinition", DeregisterTaskDefinitionRequest::builder, this::deregisterTaskDefinition),
                Operation.of("RunTask", RunTaskRequest::builder, this::runTask),
                Operation.of("DescribeTasks", DescribeTasksRequest::builder, this::describeTasks),
                Operation.of("ListTasks", ListTasksRequest::builder, this::listTasks),
                Operation.of("StopTask", StopTaskRequest::builder, this::stopTask),
                Operation.of("CreateService", CreateServiceRequest::builder, services::create),
                Operation.of("UpdateService", UpdateServiceRequest::builder, services::update),
                Operation.of("DeleteService", DeleteServiceRequest::builder, services::delete),
                Operation.of("DescribeServices", DescribeServicesRequest::builder, services::describe),
                Operation.of("ListServices", ListServicesRequest::builder, services::list),
                Operation.of("ListServiceDeployments", ListServiceDeploymentsRequest::builder, serviceDeployments::list),
                Operation.of("DescribeServiceDeployments", DescribeServiceDeploymentsRequest::builder, serviceDeployments::describe),
                Operation.of("TagResource", TagResourceRequest::builder, tagging::tag),
                Operation.of("UntagResource", UntagResourceRequest::builder, tagging::untag),
                Operation.of("ListTagsForResource", ListTagsForResourceRequest::builder, tagging::list)));
    }

    private RunTaskResponse runTask(RunTaskRequest request, CallContext caller) {
        Validation.json().required("taskDefinition", request.taskDefinition()).range("count", request.count(), 1, 10).check();
        if (request.launchType() != null && !"FARGATE".equals(request.launchTypeAsString())) {
            throw AwsServiceException.badRequest("InvalidParameterException", "The sandbox runs tasks on FARGATE only.");
        }
        EcsControlPlane.Placement placement = ecs.placement(caller.accountId(), caller.region(), request.cluster(), request.taskDefinition());
        Cluster cluster = placement.cluster();
        TaskDefinition definition = placement.definition();
        if (definition.containerDefinitions().size() != 1) {
            throw AwsServiceException.badRequest("InvalidParameterException", "The sandbox runs task definitions of one container.");
        }
        List<Tag> taskTags = new ArrayList<>(request.tags());
        if (request.propagateTags() == PropagateTags.TASK_DEFINITION) {
            taskTags.addAll(ecs.tags.of(definition.taskDefinitionArn()));
        }
        List<Task> started = new ArrayList<>();
        int count = request.count() == null ? 1 : request.count();
        for (int i = 0; i < count; i++) {
            TaskState task = runner.start(caller.accountId(), caller.region(), cluster.clusterArn(), definition,
                    request.group() != null ? request.group() : "family:" + definition.family(), request.startedBy());
            ecs.tags.created(task.arn, taskTags);
            started.add(task.toTask().toBuilder().tags(taskTags).build());
        }
        return RunTaskResponse.builder().tasks(started).build();
    }

    private DescribeTasksResponse describeTasks(DescribeTasksRequest request, CallContext caller) {
        Validation.json().required("tasks", request.hasTasks() ? request.tasks() : null).range("tasks", request.tasks().size(), 1, 100).check();
        String clusterArn = clusterArn(caller, request.cluster());
        List<Task> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String reference : request.tasks()) {
            TaskState task = find(clusterArn, reference);
            if (task == null) {
                failures.add(Failure.builder().arn(reference).reason("MISSING").build());
            } else {
                Task described = task.toTask();
                found.add(request.include().contains(TaskField.TAGS) ? described.toBuilder().tags(ecs.tags.of(task.arn)).build() : described);
            }
        }
        return DescribeTasksResponse.builder().tasks(found).failures(failures).build();
    }

    private ListTasksResponse listTasks(ListTasksRequest request, CallContext caller) {
        Validation.json().range("maxResults", request.maxResults(), 1, 100).check();
        String clusterArn = clusterArn(caller, request.cluster());
        String desired = request.desiredStatusAsString() == null ? "RUNNING" : request.desiredStatusAsString();
        List<String> arns = runner.tasks.values().stream()
                .filter(task -> task.clusterArn.equals(clusterArn))
                .filter(task -> task.desires(desired))
                .filter(task -> request.family() == null || request.family().equals(task.definition.family()))
                .filter(task -> request.startedBy() == null || request.startedBy().equals(task.startedBy))
                .sorted(Comparator.comparing(task -> task.createdAt)).map(task -> task.arn).toList();
        int start = Paging.start(request.nextToken(), arns.size(), "InvalidParameterException", "Invalid nextToken.");
        int size = request.maxResults() == null ? 100 : request.maxResults();
        return ListTasksResponse.builder().taskArns(arns.subList(start, Math.min(arns.size(), start + size)))
                .nextToken(Paging.next(start, size, arns.size())).build();
    }

    private StopTaskResponse stopTask(StopTaskRequest request, CallContext caller) {
        Validation.json().required("task", request.task()).length("reason", request.reason(), 0, 255).check();
        TaskState task = find(clusterArn(caller, request.cluster()), request.task());
        if (task == null) {
            throw AwsServiceException.badRequest("InvalidParameterException", "The referenced task was not found.");
        }
        runner.stop(task, request.reason() == null ? "Task stopped by user" : request.reason(), "UserInitiated");
        return StopTaskResponse.builder().task(task.toTask()).build();
    }

    private String clusterArn(CallContext caller, String reference) {
        EcsControlPlane.Scope scope = ecs.scope(caller.accountId(), caller.region());
        synchronized (scope) {
            return EcsControlPlane.cluster(scope, reference).clusterArn();
        }
    }

    private TaskState find(String clusterArn, String reference) {
        return runner.tasks.values().stream().filter(task -> task.clusterArn.equals(clusterArn)
                && (task.arn.equals(reference) || task.id.equals(reference))).findFirst().orElse(null);
    }

    private CreateClusterResponse createCluster(CreateClusterRequest request, CallContext caller) {
        Cluster cluster = ecs.createCluster(caller.accountId(), caller.region(), request.clusterName(), request.settings(), request.tags());
        return CreateClusterResponse.builder().cluster(cluster.toBuilder().tags(ecs.tags.of(cluster.clusterArn())).build()).build();
    }

    private DescribeClustersResponse describeClusters(DescribeClustersRequest request, CallContext caller) {
        Validation.json().range("clusters", request.hasClusters() ? request.clusters().size() : null, 1, 100).check();
        EcsControlPlane.Scope scope = ecs.scope(caller.accountId(), caller.region());
        List<Cluster> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        synchronized (scope) {
            for (String reference : request.hasClusters() ? request.clusters() : List.of("default")) {
                String name = reference.substring(reference.lastIndexOf('/') + 1);
                Cluster cluster = scope.clusters.get(name);
                if (cluster == null) {
                    failures.add(Failure.builder().arn("arn:aws:ecs:" + caller.region() + ":" + caller.accountId() + ":cluster/" + name)
                            .reason("MISSING").build());
                } else {
                    Cluster described = ecs.withUsage(cluster);
                    found.add(request.include().contains(ClusterField.TAGS)
                            ? described.toBuilder().tags(ecs.tags.of(cluster.clusterArn())).build() : described);
                }
            }
        }
        return DescribeClustersResponse.builder().clusters(found).failures(failures).build();
    }

    private ListClustersResponse listClusters(ListClustersRequest request, CallContext caller) {
        Validation.json().range("maxResults", request.maxResults(), 1, 100).check();
        EcsControlPlane.Scope scope = ecs.scope(caller.accountId(), caller.region());
        List<String> arns;
        synchronized (scope) {
            arns = scope.clusters.values().stream().filter(cluster -> "ACTIVE".equals(cluster.status())).map(Cluster::clusterArn).toList();
        }
        int start = Paging.start(request.nextToken(), arns.size(), "InvalidParameterException", "Invalid nextToken.");
        int size = request.maxResults() == null ? 100 : request.maxResults();
        return ListClustersResponse.builder().clusterArns(arns.subList(start, Math.min(arns.size(), start + size)))
                .nextToken(Paging.next(start, size, arns.size())).build();
    }

    private DeleteClusterResponse deleteCluster(DeleteClusterRequest request, CallContext caller) {
        Validation.json().required("cluster", request.cluster()).check();
        return DeleteClusterResponse.builder().cluster(ecs.deleteCluster(caller.accountId(), caller.region(), request.cluster())).build();
    }

    private RegisterTaskDefinitionResponse registerTaskDefinition(RegisterTaskDefinitionRequest request, CallContext caller) {
        return RegisterTaskDefinitionResponse.builder()
                .taskDefinition(ecs.register(caller.accountId(), caller.region(), request, caller.callerArn())).build();
    }

    private DescribeTaskDefinitionResponse describeTaskDefinition(DescribeTaskDefinitionRequest request, CallContext caller) {
        EcsControlPlane.Scope scope = ecs.scope(caller.accountId(), caller.region());
        synchronized (scope) {
            TaskDefinition definition = ecs.taskDefinition(scope, request.taskDefinition());
            return DescribeTaskDefinitionResponse.builder().taskDefinition(definition).tags(request.include()
                    .contains(TaskDefinitionField.TAGS) ? ecs.tags.of(definition.taskDefinitionArn()) : null).build();
        }
    }

    private ListTaskDefinitionsResponse listTaskDefinitions(ListTaskDefinitionsRequest request, CallContext caller) {
        Validation.json().range("maxResults", request.maxResults(), 1, 100).check();
        EcsControlPlane.Scope scope = ecs.scope(caller.accountId(), caller.region());
        String status = request.statusAsString() == null ? "ACTIVE" : request.statusAsString();
        Comparator<TaskDefinition> order = Comparator.comparing(TaskDefinition::family).thenComparingInt(TaskDefinition::revision);
        List<String> arns;
        synchronized (scope) {
            arns = scope.taskDefinitions.values().stream()
                    .filter(definition -> status.equals(definition.statusAsString()))
                    .filter(definition -> request.familyPrefix() == null || definition.family().startsWith(request.familyPrefix()))
                    .sorted("DESC".equals(request.sortAsString()) ? order.reversed() : order)
                    .map(TaskDefinition::taskDefinitionArn).toList();
        }
        int start = Paging.start(request.nextToken(), arns.size(), "InvalidParameterException", "Invalid nextToken.");
        int size = request.maxResults() == null ? 100 : request.maxResults();
        return ListTaskDefinitionsResponse.builder().taskDefinitionArns(arns.subList(start, Math.min(arns.size(), start + size)))
                .nextToken(Paging.next(start, size, arns.size())).build();
    }

    private DeregisterTaskDefinitionResponse deregisterTaskDefinition(DeregisterTaskDefinitionRequest request, CallContext caller) {
        Validation.json().required("taskDefinition", request.taskDefinition()).check();
        return DeregisterTaskDefinitionResponse.builder()
                .taskDefinition(ecs.deregister(caller.accountId(), caller.region(), request.taskDefinition())).build();
    }
}
