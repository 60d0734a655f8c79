package com.questportal.portal.environment;

import com.questportal.portal.aws.AwsClients;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;

/**
 * One environment the quest runs in: a stack in one AWS account and region, and the settings it is
 * provisioned with. The secret word is not a column: it lives in SSM Parameter Store only.
 */
@Entity
@Table(name = "environment")
public class Environment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 40)
    private String name;

    @Column(length = 500)
    private String description;

    @Column(length = 100)
    private String owner;

    @Column(nullable = false, length = 64)
    private String region;

    @Column(name = "account_id", length = 12)
    private String accountId;

    @Column(name = "role_arn", length = 2048)
    private String roleArn;

    @Column(name = "vpc_cidr", nullable = false, length = 18)
    private String vpcCidr = "10.0.0.0/16";

    @Column(name = "allowed_client_cidr", nullable = false, length = 18)
    private String allowedClientCidr = "0.0.0.0/0";

    @Column(name = "container_port", nullable = false)
    private int containerPort = 3000;

    @Column(name = "image_repository", nullable = false, length = 256)
    private String imageRepository = EnvironmentForm.DEFAULT_REPOSITORY;

    @Column(name = "image_tag", nullable = false, length = 128)
    private String imageTag = "latest";

    @Column(name = "task_cpu", nullable = false)
    private int taskCpu = 256;

    @Column(name = "task_memory", nullable = false)
    private int taskMemory = 512;

    @Column(name = "desired_count", nullable = false)
    private int desiredCount = 2;

    @Column(name = "health_check_path", nullable = false, length = 1024)
    private String healthCheckPath = "/health";

    @Column(name = "log_retention_days", nullable = false)
    private int logRetentionDays = 30;

    @Column(name = "certificate_arn", length = 2048)
    private String certificateArn;

    @Column(name = "scaling_min")
    private Integer scalingMin;

    @Column(name = "scaling_max")
    private Integer scalingMax;

    @Column(name = "scaling_target")
    private Integer scalingTarget;

    @Column(name = "scaling_metric", length = 16)
    private String scalingMetric;

    /** Whether viewers may read the logs too: on-call's tools are for operators and admins unless an admin opens them. */
    @Column(name = "logs_for_viewers", nullable = false)
    private boolean logsForViewers;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 100)
    private String createdBy = "portal";

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "updated_by", nullable = false, length = 100)
    private String updatedBy = "portal";

    @Version
    private long version;

    protected Environment() {
    }

    public Environment(String name, String description, String region, Instant now) {
        this.name = name;
        this.description = description;
        this.region = region;
        this.createdAt = now;
        this.updatedAt = now;
    }

    static Environment create(EnvironmentForm form, String by, Instant now) {
        Environment environment = new Environment(form.name().trim(), null, form.region(), now);
        environment.createdBy = by;
        environment.apply(form, by, now);
        return environment;
    }

    /** Takes the form's settings; the name stays, since the stack and its resources are named after it. */
    void apply(EnvironmentForm form, String by, Instant now) {
        TaskSize size = form.chosenSize();
        this.description = EnvironmentForm.blankToNull(form.description());
        this.owner = EnvironmentForm.blankToNull(form.owner());
        this.region = form.region();
        this.accountId = EnvironmentForm.blankToNull(form.accountId());
        this.roleArn = EnvironmentForm.blankToNull(form.roleArn());
        this.vpcCidr = form.vpcCidr().trim();
        this.allowedClientCidr = form.allowedClientCidr().trim();
        this.containerPort = form.containerPort();
        this.imageRepository = form.repositoryOrDefault();
        this.imageTag = form.imageTag().trim();
        this.taskCpu = size.cpu();
        this.taskMemory = size.memory();
        this.desiredCount = form.desiredCount();
        this.healthCheckPath = form.healthCheckPath().trim();
        this.logRetentionDays = form.logRetentionDays();
        this.certificateArn = EnvironmentForm.blankToNull(form.certificateArn());
        this.scalingMin = form.scales() ? form.scalingMin() : null;
        this.scalingMax = form.scales() ? form.scalingMax() : null;
        this.scalingTarget = form.scales() ? form.scalingTarget() : null;
        this.scalingMetric = form.scales() ? form.metricOrDefault() : null;
        this.logsForViewers = form.viewersReadLogs();
        this.updatedBy = by;
        this.updatedAt = now;
    }

    /** A deploy of the tag succeeded: the record says what runs, as an applied edit would have. */
    void deployed(String tag, String by, Instant now) {
        this.imageTag = tag;
        this.updatedBy = by;
        this.updatedAt = now;
    }

    /** The CloudFormation stack this environment's resources live in. */
    public String getStackName() {
        return "quest-" + name;
    }

    /** Where this environment's AWS calls go: its region, through its role when it names one. */
    public AwsClients.Target awsTarget() {
        return new AwsClients.Target(region, roleArn);
    }

    /** The two public subnets' blocks: the first two quarters of the VPC's block (a /16 gives two /18s). */
    public List<String> subnetCidrs() {
        Ipv4Cidr vpc = Ipv4Cidr.parse(vpcCidr).orElseThrow(() -> new IllegalStateException("stored VPC block " + vpcCidr + " does not parse"));
        int prefix = vpc.prefix() + 2;
        long size = 1L << (32 - prefix);
        return List.of(Ipv4Cidr.format(vpc.network(), prefix), Ipv4Cidr.format(vpc.network() + size, prefix));
    }

    /** The SSM SecureString parameter that holds the secret word; the stack's task definition reads it. */
    public String getSecretWordParameter() {
        return "/quest/" + name + "/secret_word";
    }

    public TaskSize getTaskSize() {
        return new TaskSize(taskCpu, taskMemory);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public String getOwner() {
        return owner;
    }

    public String getRegion() {
        return region;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getRoleArn() {
        return roleArn;
    }

    public String getVpcCidr() {
        return vpcCidr;
    }

    public String getAllowedClientCidr() {
        return allowedClientCidr;
    }

    public int getContainerPort() {
        return containerPort;
    }

    public String getImageTag() {
        return imageTag;
    }

    public String getImageRepository() {
        return imageRepository;
    }

    public int getTaskCpu() {
        return taskCpu;
    }

    public int getTaskMemory() {
        return taskMemory;
    }

    public int getDesiredCount() {
        return desiredCount;
    }

    public String getHealthCheckPath() {
        return healthCheckPath;
    }

    public int getLogRetentionDays() {
        return logRetentionDays;
    }

    public String getCertificateArn() {
        return certificateArn;
    }

    /** Null when the service runs a fixed desired count. */
    public Integer getScalingMin() {
        return scalingMin;
    }

    public Integer getScalingMax() {
        return scalingMax;
    }

    public boolean isLogsForViewers() {
        return logsForViewers;
    }

    /** What auto scaling aims at: requests per task per minute (ALB's RequestCountPerTarget), or the tasks' average CPU %. */
    public Integer getScalingTarget() {
        return scalingTarget;
    }

    /** {@code requests} or {@code cpu}; null when the service runs a fixed desired count. */
    public String getScalingMetric() {
        return scalingMetric;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }

    public long getVersion() {
        return version;
    }
}
