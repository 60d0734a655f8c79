package com.questportal.portal.provisioning;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusResponse;
import software.amazon.awssdk.services.cloudformation.model.StackDriftDetectionStatus;

/**
 * "Check drift": asks CloudFormation to compare the stack's resources with their recorded properties
 * (DetectStackDrift), waits for it, and lists what drifted — modified with each property's expected and
 * actual value, or deleted — so that an operator sees what was changed behind the portal's back.
 */
@Component
public class DriftCheck {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /** One property that differs. */
    public record Difference(String path, String expected, String actual) {
    }

    /** One resource's drift: IN_SYNC, MODIFIED, DELETED or NOT_CHECKED. */
    public record ResourceDrift(String logicalId, String resourceType, String status, List<Difference> differences) {
    }

    /**
     * The outcome: DRIFTED, IN_SYNC or UNKNOWN, with each resource of the stack, drifted ones first; CloudFormation checks
     * only the resource types that support drift detection, so "in sync" covers {@code checkedCount} of {@code resourceCount}.
     */
    public record Report(String stackStatus, Instant checkedAt, int driftedCount, int checkedCount, int resourceCount,
                         List<ResourceDrift> resources) {
    }

    private static final String NOT_CHECKED = "NOT_CHECKED";

    private final AwsClients aws;

    DriftCheck(AwsClients aws) {
        this.aws = aws;
    }

    public Report check(Environment environment) {
        CloudFormationClient cloudFormation = aws.cloudFormation(environment.awsTarget());
        try {
            String detection = cloudFormation.detectStackDrift(r -> r.stackName(environment.getStackName())).stackDriftDetectionId();
            DescribeStackDriftDetectionStatusResponse status = await(cloudFormation, detection);
            List<ResourceDrift> resources = new ArrayList<>();
            cloudFormation.describeStackResourceDriftsPaginator(r -> r.stackName(environment.getStackName())).stream()
                    .flatMap(page -> page.stackResourceDrifts().stream())
                    .forEach(drift -> resources.add(new ResourceDrift(drift.logicalResourceId(), drift.resourceType(),
                            drift.stackResourceDriftStatusAsString(), drift.propertyDifferences().stream()
                            .map(difference -> new Difference(difference.propertyPath(), difference.expectedValue(), difference.actualValue()))
                            .toList())));
            int checked = (int) resources.stream().filter(drift -> !drift.status().equals(NOT_CHECKED)).count();
            Set<String> described = resources.stream().map(ResourceDrift::logicalId).collect(Collectors.toSet());
            // Resources whose type drift detection does not support are left out of its answer: listed here as not checked.
            cloudFormation.listStackResourcesPaginator(r -> r.stackName(environment.getStackName())).stackResourceSummaries().stream()
                    .filter(resource -> !described.contains(resource.logicalResourceId()))
                    .forEach(resource -> resources.add(new ResourceDrift(resource.logicalResourceId(), resource.resourceType(), NOT_CHECKED,
                            List.of())));
            resources.sort(Comparator.comparing((ResourceDrift drift) -> rank(drift.status())).thenComparing(ResourceDrift::logicalId));
            return new Report(status.stackDriftStatusAsString(), status.timestamp(),
                    status.driftedStackResourceCount() == null ? 0 : status.driftedStackResourceCount(), checked, resources.size(),
                    List.copyOf(resources));
        } catch (SdkException e) {
            String message = AwsFailure.of(e, "cloudformation:DetectStackDrift").message();
            throw new ProvisioningRefused(message.contains("does not exist") ? ProvisioningRefused.Kind.NOT_FOUND : ProvisioningRefused.Kind.AWS,
                    message.contains("does not exist") ? "There is no stack " + environment.getStackName() + " to check." : message);
        }
    }

    private static DescribeStackDriftDetectionStatusResponse await(CloudFormationClient cloudFormation, String detection) {
        return CloudFormationWait.until(() -> cloudFormation.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId(detection)),
                status -> status.detectionStatus() != StackDriftDetectionStatus.DETECTION_IN_PROGRESS, PATIENCE);
    }

    private static int rank(String status) {
        return switch (status) {
            case "MODIFIED" -> 0;
            case "DELETED" -> 1;
            case "IN_SYNC" -> 2;
            default -> 3;
        };
    }
}
