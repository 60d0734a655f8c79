package com.questportal.portal.environment;

import java.time.Instant;

/**
 * An environment as the API shows it. The secret word is never in it: only whether one is set
 * ({@code secretWord}: {@code set}, {@code not set} or {@code unknown}), and only on a single environment.
 */
record EnvironmentResource(String name, String description, String owner, String mode, String region, String accountId, String roleArn,
                           String stackName, String vpcCidr, String allowedClientCidr, int containerPort, String imageRepository,
                           String imageTag,
                           String taskSize, int cpu, int memory, int desiredCount, AutoScaling autoScaling, String healthCheckPath,
                           String certificateArn, int logRetentionDays, boolean logsForViewers, String secretWordParameter,
                           String secretWord,
                           String createdBy, Instant createdAt, String updatedBy, Instant updatedAt, long version, Stack stack) {

    /** The stack as last seen: CloudFormation's status, its outputs as it stands (none once deleted), and the running operation's URL. */
    record Stack(String status, java.util.Map<String, String> outputs, String runningOperation) {
        static Stack of(StackSummaries.StackSummary summary) {
            return summary == null ? null : new Stack(summary.status(), summary.outputs(),
                    summary.runningOperationId() == null ? null : "/api/v1/operations/" + summary.runningOperationId());
        }
    }

    /**
     * Target tracking between {@code min} and {@code max} tasks: on {@code requests} (per task per minute, at the load
     * balancer) or on {@code cpu} (the tasks' average, in percent), keeping to {@code target}.
     */
    record AutoScaling(int min, int max, String metric, int target) {
    }

    static EnvironmentResource of(Environment environment, String mode, SecretWords.State secretWord, StackSummaries.StackSummary stack) {
        AutoScaling scaling = environment.getScalingMin() == null ? null
                : new AutoScaling(environment.getScalingMin(), environment.getScalingMax(),
                        environment.getScalingMetric(), environment.getScalingTarget());
        return new EnvironmentResource(environment.getName(), environment.getDescription(), environment.getOwner(), mode,
                environment.getRegion(), environment.getAccountId(), environment.getRoleArn(), environment.getStackName(),
                environment.getVpcCidr(), environment.getAllowedClientCidr(), environment.getContainerPort(),
                environment.getImageRepository(), environment.getImageTag(),
                environment.getTaskSize().key(), environment.getTaskCpu(), environment.getTaskMemory(), environment.getDesiredCount(),
                scaling, environment.getHealthCheckPath(), environment.getCertificateArn(), environment.getLogRetentionDays(),
                environment.isLogsForViewers(), environment.getSecretWordParameter(), secretWord == null ? null : describe(secretWord), environment.getCreatedBy(),
                environment.getCreatedAt(), environment.getUpdatedBy(), environment.getUpdatedAt(), environment.getVersion(), Stack.of(stack));
    }

    private static String describe(SecretWords.State state) {
        return !state.known() ? "unknown" : state.set() ? "set" : "not set";
    }
}
