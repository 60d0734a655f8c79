package com.questportal.portal.environment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an operator types to record or change an environment. Each rule is the quest template's own
 * parameter constraint, so that a plan never fails on a value the form accepted; the rules that
 * span fields are {@link EnvironmentRules}. {@code secretWord} is write-only: blank keeps the one stored.
 */
public record EnvironmentForm(
        @NotBlank(message = "Give the environment a name.")
        @Size(min = 2, max = 20, message = "A name is 2 to 20 characters.")
        @Pattern(regexp = "[a-z]([a-z0-9-]*[a-z0-9])?",
                message = "Use lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.")
        String name,
        @Size(max = 500, message = "A description is at most 500 characters.")
        @Pattern(regexp = EnvironmentForm.PLAIN_TEXT, message = EnvironmentForm.CONTROL_CHARACTERS)
        String description,
        @Size(max = 100, message = "An owner or team is at most 100 characters.")
        @Pattern(regexp = EnvironmentForm.PLAIN_TEXT, message = EnvironmentForm.CONTROL_CHARACTERS)
        String owner,
        @NotBlank(message = "Choose a region.")
        String region,
        @Pattern(regexp = "|\\d{12}", message = "An AWS account id is 12 digits.")
        String accountId,
        @Size(max = 2048, message = "A role ARN is at most 2048 characters.")
        String roleArn,
        @NotBlank(message = "Give the VPC's CIDR block, e.g. 10.0.0.0/16.")
        String vpcCidr,
        @NotBlank(message = "Give the CIDR block clients may come from, e.g. 0.0.0.0/0 for everyone.")
        String allowedClientCidr,
        @NotNull(message = "Give the container port.")
        @Min(value = 1024, message = "The container port is 1024 to 65535 (the task runs as a non-root user).")
        @Max(value = 65535, message = "The container port is 1024 to 65535 (the task runs as a non-root user).")
        Integer containerPort,
        @Size(max = 256, message = "A repository name is at most 256 characters.")
        @Pattern(regexp = "|[a-z0-9]+(?:[._-][a-z0-9]+)*",
                message = "An ECR repository name is lowercase letters and digits, separated by single '.', '_' or '-'.")
        String imageRepository,
        @NotBlank(message = "Give the image tag to run, e.g. v1.2.3.")
        @Pattern(regexp = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}",
                message = "An image tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.")
        String imageTag,
        @NotBlank(message = "Choose a task size.")
        String taskSize,
        @NotNull(message = "Give the number of tasks to run.")
        @Min(value = 0, message = "The desired count is 0 or more.")
        Integer desiredCount,
        @NotBlank(message = "Give the health-check path, e.g. /health.")
        @Pattern(regexp = "/[A-Za-z0-9_./-]{0,1023}", message = "A health-check path starts with / and has only letters, digits, '_', '.', '/' and '-'.")
        String healthCheckPath,
        @NotNull(message = "Choose how long logs are kept.")
        Integer logRetentionDays,
        @Size(max = 2048, message = "A certificate ARN is at most 2048 characters.")
        String certificateArn,
        Boolean autoScaling,
        @Min(value = 1, message = "Scale to at least 1 task.")
        @Max(value = 50, message = "Scale to at most 50 tasks.")
        Integer scalingMin,
        @Min(value = 1, message = "Scale to at least 1 task.")
        @Max(value = 50, message = "Scale to at most 50 tasks.")
        Integer scalingMax,
        @Min(value = 1, message = "The target is at least 1.")
        @Max(value = 100_000, message = "The target is 1 to 100000 requests per task.")
        Integer scalingTarget,
        @Pattern(regexp = "requests|cpu", message = "Scale on requests per task or on CPU.")
        String scalingMetric,
        Boolean logsForViewers,
        @Size(max = 4096, message = "A secret word is at most 4096 characters.")
        String secretWord,
        Long version) {

    /** Text with no control characters but line breaks and tabs: PostgreSQL refuses NUL, and none of them belongs in a name. */
    static final String PLAIN_TEXT = "(?:[^\\p{Cc}]|[\\r\\n\\t])*";
    static final String CONTROL_CHARACTERS = "Remove the control characters (such as NUL) from this text.";

    /** Everything but the secret word, which must not reach a log through a debug line. */
    @Override
    public String toString() {
        return "EnvironmentForm[name=" + name + ", region=" + region + ", vpcCidr=" + vpcCidr + ", image=" + imageRepository + ":" + imageTag
                + ", taskSize=" + taskSize + ", desiredCount=" + desiredCount + ", secretWord=" + (secretWord == null || secretWord.isEmpty()
                ? "(none)" : "(hidden)") + ", version=" + version + "]";
    }

    /** The same settings, as of the version the caller says it read. */
    EnvironmentForm atVersion(long readVersion) {
        return new EnvironmentForm(name, description, owner, region, accountId, roleArn, vpcCidr, allowedClientCidr, containerPort,
                imageRepository, imageTag, taskSize, desiredCount, healthCheckPath, logRetentionDays, certificateArn, autoScaling, scalingMin, scalingMax,
                scalingTarget, scalingMetric, logsForViewers, secretWord, readVersion);
    }

    /** The repository the quest-repository stack makes; environments share it unless told otherwise. */
    static final String DEFAULT_REPOSITORY = "quest";

    static EnvironmentForm blank(String region) {
        return new EnvironmentForm("", "", "", region, "", "", "10.0.0.0/16", "0.0.0.0/0", 3000, DEFAULT_REPOSITORY, "latest",
                "256/512", 2,
                "/health", 30, "", false, 2, 6, 1000, "requests", false, "", null);
    }

    /**
     * The form as posted, for showing it again when a value could not even be converted (a word where a
     * number belongs): Spring then has no form to give the controller. What does not convert is left empty;
     * the errors keep what was typed.
     */
    static EnvironmentForm asPosted(java.util.function.Function<String, String> parameter) {
        return new EnvironmentForm(parameter.apply("name"), parameter.apply("description"), parameter.apply("owner"),
                parameter.apply("region"), parameter.apply("accountId"), parameter.apply("roleArn"), parameter.apply("vpcCidr"),
                parameter.apply("allowedClientCidr"), whole(parameter.apply("containerPort")), parameter.apply("imageRepository"),
                parameter.apply("imageTag"), parameter.apply("taskSize"), whole(parameter.apply("desiredCount")),
                parameter.apply("healthCheckPath"), whole(parameter.apply("logRetentionDays")), parameter.apply("certificateArn"),
                Boolean.parseBoolean(parameter.apply("autoScaling")), whole(parameter.apply("scalingMin")),
                whole(parameter.apply("scalingMax")), whole(parameter.apply("scalingTarget")), parameter.apply("scalingMetric"),
                Boolean.parseBoolean(parameter.apply("logsForViewers")), "", wholeLong(parameter.apply("version")));
    }

    private static Integer whole(String text) {
        Long value = wholeLong(text);
        return value != null && value == value.intValue() ? value.intValue() : null;
    }

    private static Long wholeLong(String text) {
        try {
            return text == null ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException notWhole) {
            return null;
        }
    }

    static EnvironmentForm of(Environment environment) {
        return new EnvironmentForm(environment.getName(), environment.getDescription(), environment.getOwner(), environment.getRegion(),
                environment.getAccountId(), environment.getRoleArn(), environment.getVpcCidr(), environment.getAllowedClientCidr(),
                environment.getContainerPort(), environment.getImageRepository(), environment.getImageTag(),
                new TaskSize(environment.getTaskCpu(), environment.getTaskMemory()).key(), environment.getDesiredCount(),
                environment.getHealthCheckPath(), environment.getLogRetentionDays(),
                environment.getCertificateArn() == null ? "" : environment.getCertificateArn(), environment.getScalingMin() != null,
                environment.getScalingMin() != null ? environment.getScalingMin() : Integer.valueOf(2),
                environment.getScalingMax() != null ? environment.getScalingMax() : Integer.valueOf(6),
                environment.getScalingTarget() != null ? environment.getScalingTarget() : Integer.valueOf(1000),
                environment.getScalingMetric() != null ? environment.getScalingMetric() : "requests",
                environment.isLogsForViewers(), "", environment.getVersion());
    }

    /** Whether viewers may read the environment's logs (operators and admins always may); an unticked box sends nothing. */
    boolean viewersReadLogs() {
        return Boolean.TRUE.equals(logsForViewers);
    }

    /** What auto scaling keeps to: {@code requests} unless {@code cpu} was chosen. */
    String metricOrDefault() {
        return "cpu".equals(scalingMetric) ? "cpu" : "requests";
    }

    /** Whether auto scaling is on; an unticked box sends nothing. */
    boolean scales() {
        return Boolean.TRUE.equals(autoScaling);
    }

    /** The chosen size, or null when the form's value is not one Fargate runs. */
    TaskSize chosenSize() {
        if (taskSize == null || !taskSize.matches("\\d{1,5}/\\d{1,6}")) {
            return null;
        }
        String[] parts = taskSize.split("/");
        int cpu = Integer.parseInt(parts[0]);
        int memory = Integer.parseInt(parts[1]);
        return TaskSize.runsOnFargate(cpu, memory) ? new TaskSize(cpu, memory) : null;
    }

    /** The repository named, or the shared one when none is. */
    String repositoryOrDefault() {
        String named = blankToNull(imageRepository);
        return named == null ? DEFAULT_REPOSITORY : named;
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
