package com.questportal.portal.deployment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.StackSummaries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;

/**
 * ECS's own record of an environment's service deployments (ListServiceDeployments, then DescribeServiceDeployments for the
 * same page: two calls), shown beside the portal's history — which also lists what ECS did on its own, such as a circuit
 * breaker's rollback or a deploy made outside the portal. Shared for {@link #SHARED_FOR} by everyone who looks.
 */
@Component
class EcsDeploymentRecords {

    static final Duration SHARED_FOR = Duration.ofSeconds(15);
    static final int SHOWN = 10;

    /** One service deployment as ECS keeps it. */
    record EcsDeployment(String id, String status, String statusReason, Instant startedAt, Instant finishedAt, String targetRevision,
                         List<String> sourceRevisions, Integer failedTasks, String rolledBackTo) {

        /** The status in words with a symbol, never colour alone. */
        public String label() {
            return switch (status) {
                case "SUCCESSFUL" -> "✓ successful";
                case "ROLLBACK_SUCCESSFUL" -> "↺ rolled back";
                case "ROLLBACK_FAILED" -> "✗ rollback failed";
                case "STOPPED" -> "■ stopped";
                case "IN_PROGRESS", "PENDING" -> "◔ in progress";
                case "ROLLBACK_IN_PROGRESS", "ROLLBACK_REQUESTED" -> "◔ rolling back";
                default -> status.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            };
        }
    }

    /** The newest records, or why there are none to show. */
    record Records(List<EcsDeployment> deployments, String problem) {
    }

    private final AwsClients aws;
    private final StackSummaries stacks;
    private final Cache<String, Records> shared = Caffeine.newBuilder().expireAfterWrite(SHARED_FOR).maximumSize(1_000).build();

    EcsDeploymentRecords(AwsClients aws, StackSummaries stacks) {
        this.aws = aws;
        this.stacks = stacks;
    }

    Records of(Environment environment) {
        return shared.get(environment.getName(), name -> read(environment));
    }

    private Records read(Environment environment) {
        Map<String, String> outputs = stacks.of(environment.getName()).map(StackSummaries.StackSummary::outputs).orElse(Map.of());
        String cluster = outputs.get("ClusterName");
        String service = outputs.get("ServiceName");
        if (cluster == null || service == null) {
            return new Records(List.of(), "The environment has no ECS service yet: apply its plan first.");
        }
        EcsClient ecs = aws.ecs(environment.awsTarget());
        try {
            List<String> arns = ecs.listServiceDeployments(r -> r.cluster(cluster).service(service).maxResults(SHOWN)).serviceDeployments()
                    .stream().map(ServiceDeploymentBrief::serviceDeploymentArn).toList();
            if (arns.isEmpty()) {
                return new Records(List.of(), null);
            }
            Map<String, ServiceDeployment> described = ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arns))
                    .serviceDeployments().stream().collect(java.util.stream.Collectors.toMap(ServiceDeployment::serviceDeploymentArn,
                            deployment -> deployment));
            return new Records(arns.stream().filter(described::containsKey).map(arn -> record(described.get(arn))).toList(), null);
        } catch (SdkException e) {
            return new Records(List.of(), AwsFailure.of(e, "ecs:ListServiceDeployments").message());
        }
    }

    private static EcsDeployment record(ServiceDeployment deployment) {
        return new EcsDeployment(lastPart(deployment.serviceDeploymentArn()), deployment.statusAsString(), deployment.statusReason(),
                deployment.startedAt(), deployment.finishedAt(),
                deployment.targetServiceRevision() == null ? null : lastPart(deployment.targetServiceRevision().arn()),
                deployment.sourceServiceRevisions().stream().map(source -> lastPart(source.arn())).toList(),
                deployment.deploymentCircuitBreaker() == null ? null : deployment.deploymentCircuitBreaker().failureCount(),
                deployment.rollback() == null ? null : lastPart(deployment.rollback().serviceRevisionArn()));
    }

    private static String lastPart(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }
}
