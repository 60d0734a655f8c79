package com.questportal.sandbox.ecs;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.Cluster;
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
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** ECS's clusters and task definitions. Services and tasks arrive with the data plane that runs them. */
public final class EcsService {

    private final EcsControlPlane ecs;

    public EcsService(Path directory, Clock clock) {
        this.ecs = new EcsControlPlane(directory, clock);
    }

    public List<ResourceProvider> providers() {
        return EcsProviders.all(ecs);
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
                Operation.of("DeregisterTaskDefinition", DeregisterTaskDefinitionRequest::builder, this::deregisterTaskDefinition)));
    }

    private CreateClusterResponse createCluster(CreateClusterRequest request, CallContext caller) {
        return CreateClusterResponse.builder().cluster(ecs.createCluster(caller.accountId(), caller.region(), request.clusterName(),
                request.settings())).build();
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
                    found.add(cluster);
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
            return DescribeTaskDefinitionResponse.builder().taskDefinition(ecs.taskDefinition(scope, request.taskDefinition())).build();
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
