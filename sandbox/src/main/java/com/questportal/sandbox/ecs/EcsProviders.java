package com.questportal.sandbox.ecs;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.cloudformation.SdkProperties;
import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterSetting;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** {@code AWS::ECS::Cluster} and {@code AWS::ECS::TaskDefinition} over the sandbox's ECS. */
final class EcsProviders {

    private EcsProviders() {
    }

    static List<ResourceProvider> all(EcsControlPlane ecs) {
        return List.of(new Clusters(ecs), new TaskDefinitions(ecs));
    }

    private static ResourceProvider.ResourceFailure failure(AwsServiceException e) {
        return ResourceProvider.ResourceFailure.refused("AmazonECS", e);
    }

    private static final class Clusters implements ResourceProvider {
        private final EcsControlPlane ecs;

        Clusters(EcsControlPlane ecs) {
            this.ecs = ecs;
        }

        @Override
        public String type() {
            return "AWS::ECS::Cluster";
        }

        @Override
        public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
            String name = properties.containsKey("ClusterName") ? String.valueOf(properties.get("ClusterName"))
                    : (context.stackName() + "-" + logicalId + "-" + UUID.randomUUID().toString().substring(0, 8));
            try {
                List<Tag> tags = properties.containsKey("Tags") ? ((CreateClusterRequest) SdkProperties.toSdk(
                        Map.of("Tags", properties.get("Tags")), CreateClusterRequest::builder)).tags() : List.of();
                return provisioned(ecs.createCluster(context.accountId(), context.region(), name, settings(properties), tags));
            } catch (AwsServiceException e) {
                throw failure(e);
            }
        }

        @Override
        public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
            EcsControlPlane.Scope scope = ecs.scope(context.accountId(), context.region());
            synchronized (scope) {
                Cluster cluster = EcsControlPlane.cluster(scope, current.physicalId());
                scope.clusters.put(cluster.clusterName(), cluster.toBuilder().settings(settings(properties)).build());
            }
            return current;
        }

        @Override
        public void delete(Context context, Provisioned current) {
            try {
                ecs.deleteCluster(context.accountId(), context.region(), current.physicalId());
            } catch (AwsServiceException e) {
                if (!e.code().equals("ClusterNotFoundException")) {
                    throw failure(e);
                }
            }
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("ClusterName");
        }

        @Override
        public java.util.Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
            EcsControlPlane.Scope scope = ecs.scope(context.accountId(), context.region());
            synchronized (scope) {
                Cluster cluster = scope.clusters.get(current.physicalId());
                return java.util.Optional.of(cluster == null || !"ACTIVE".equals(cluster.status()) ? GONE
                        : Map.of("ClusterName", cluster.clusterName()));
            }
        }

        private static List<ClusterSetting> settings(Map<String, Object> properties) {
            List<ClusterSetting> settings = new ArrayList<>();
            if (properties.get("ClusterSettings") instanceof List<?> list) {
                list.forEach(setting -> settings.add(ClusterSetting.builder().name(String.valueOf(((Map<?, ?>) setting).get("Name")))
                        .value(String.valueOf(((Map<?, ?>) setting).get("Value"))).build()));
            }
            return settings;
        }

        private static Provisioned provisioned(Cluster cluster) {
            return new Provisioned(cluster.clusterName(), Map.of("Arn", cluster.clusterArn()));
        }
    }

    /** Task definitions are immutable: every change registers a new revision, and the old one is deregistered. */
    private static final class TaskDefinitions implements ResourceProvider {
        private final EcsControlPlane ecs;

        TaskDefinitions(EcsControlPlane ecs) {
            this.ecs = ecs;
        }

        @Override
        public String type() {
            return "AWS::ECS::TaskDefinition";
        }

        @Override
        public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
            Map<String, Object> withFamily = new LinkedHashMap<>(properties);
            withFamily.putIfAbsent("Family", context.stackName() + logicalId);
            RegisterTaskDefinitionRequest request = (RegisterTaskDefinitionRequest) SdkProperties.toSdk(withFamily,
                    RegisterTaskDefinitionRequest::builder);
            try {
                TaskDefinition definition = ecs.register(context.accountId(), context.region(), request,
                        "arn:aws:sts::" + context.accountId() + ":assumed-role/cloudformation/" + context.stackName());
                return new Provisioned(definition.taskDefinitionArn(), Map.of("TaskDefinitionArn", definition.taskDefinitionArn()));
            } catch (AwsServiceException e) {
                throw failure(e);
            }
        }

        @Override
        public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
            throw new ResourceFailure("A task definition is immutable: every property replaces it");
        }

        @Override
        public void delete(Context context, Provisioned current) {
            try {
                ecs.deregister(context.accountId(), context.region(), current.physicalId());
            } catch (AwsServiceException e) {
                if (!e.code().equals("ClientException")) {
                    throw failure(e);
                }
            }
        }

        /** A deregistered revision is gone, as AWS reports it; otherwise its task-level settings as ECS holds them. */
        @Override
        public java.util.Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
            return java.util.Optional.of(ecs.taskDefinitionByArn(context.accountId(), context.region(), current.physicalId())
                    .filter(definition -> "ACTIVE".equals(definition.statusAsString())).<Map<String, Object>>map(definition -> {
                        Map<String, Object> actual = new LinkedHashMap<>();
                        actual.put("Family", definition.family());
                        actual.put("Cpu", definition.cpu());
                        actual.put("Memory", definition.memory());
                        actual.put("NetworkMode", definition.networkModeAsString());
                        actual.put("ExecutionRoleArn", definition.executionRoleArn());
                        actual.put("TaskRoleArn", definition.taskRoleArn());
                        return actual;
                    }).orElse(GONE));
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("Family", "ContainerDefinitions", "Cpu", "Memory", "NetworkMode", "RequiresCompatibilities",
                    "ExecutionRoleArn", "TaskRoleArn", "RuntimePlatform", "Volumes", "Tags", "PlacementConstraints");
        }
    }
}
