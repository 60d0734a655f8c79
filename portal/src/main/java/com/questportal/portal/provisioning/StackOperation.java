package com.questportal.portal.provisioning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A long operation on an environment's stack (an apply, a deploy, a destroy, a restore), as a row: who started it and when,
 * where CloudFormation is with it, the newest stack event seen, and how it ended. While it runs it holds
 * its environment's name in the unique {@code active_environment} column.
 */
@Entity
@Table(name = "stack_operation")
public class StackOperation {

    /**
     * An apply, a deploy (a change set of the image tag alone), a rollback (a deploy of the tag before the last one that
     * succeeded) or a destroy is CloudFormation's work, followed by the watcher; a redeploy (new tasks of the same task
     * definition) is ECS's, followed by the watcher too; a restore is the portal's own, done in the request.
     */
    public enum Type {
        APPLY, DEPLOY, ROLLBACK, REDEPLOY, DESTROY, RESTORE;

        /** A deploy or a rollback: a change of the image tag alone, that the environment records once it succeeds. */
        public boolean changesImageTag() {
            return this == DEPLOY || this == ROLLBACK;
        }

        /** A deploy, a rollback or a redeploy: new tasks rolled out by ECS, which a rollout view follows. */
        public boolean isDeployment() {
            return changesImageTag() || this == REDEPLOY;
        }
    }

    public enum Status { RUNNING, SUCCEEDED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "environment_name", nullable = false, length = 40)
    private String environmentName;

    @Column(name = "active_environment", length = 40)
    private String activeEnvironment;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Type type;

    @Column(name = "plan_id")
    private Long planId;

    /** The stack's id (its ARN) once known, which still answers after the stack is deleted; its name before. */
    @Column(name = "stack_name", nullable = false, length = 128)
    private String stackName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Status status;

    @Column(name = "stack_status", length = 64)
    private String stackStatus;

    @Column(length = 4000)
    private String problem;

    @Column(length = 4000)
    private String summary;

    @Column(name = "last_event_id", length = 256)
    private String lastEventId;

    /** How many resources the operation touches, for its progress bar. */
    @Column(name = "resource_total", nullable = false)
    private int resourceTotal;

    /** A deploy's image tag before (what the stack ran) and after. */
    @Column(name = "image_tag_from", length = 128)
    private String imageTagFrom;

    @Column(name = "image_tag_to", length = 128)
    private String imageTagTo;

    /** A redeploy's service and the ECS deployment it started. */
    @Column(name = "ecs_service_arn", length = 512)
    private String ecsServiceArn;

    @Column(name = "ecs_deployment_id", length = 256)
    private String ecsDeploymentId;

    /** Who asked CloudFormation to cancel this deploy or rollback, if anyone did. */
    @Column(name = "cancel_requested_by", length = 100)
    private String cancelRequestedBy;

    @Column(name = "started_by", nullable = false, length = 100)
    private String startedBy;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected StackOperation() {
    }

    StackOperation(String environmentName, Type type, Long planId, String stackName, int resourceTotal, String by, Instant now) {
        this.resourceTotal = resourceTotal;
        this.environmentName = environmentName;
        this.activeEnvironment = environmentName;
        this.type = type;
        this.planId = planId;
        this.stackName = stackName;
        this.status = Status.RUNNING;
        this.startedBy = by;
        this.startedAt = now;
    }

    void deploys(String from, String to) {
        this.imageTagFrom = from;
        this.imageTagTo = to;
    }

    void cancelRequested(String by) {
        this.cancelRequestedBy = by;
    }

    void ecsDeployment(String serviceArn, String deploymentId) {
        this.ecsServiceArn = serviceArn;
        this.ecsDeploymentId = deploymentId;
    }

    void stackIs(String stackId, String status) {
        if (stackId != null) {
            this.stackName = stackId;
        }
        this.stackStatus = status;
    }

    void sawEvent(String eventId) {
        this.lastEventId = eventId;
    }

    void finish(Status outcome, String why, Instant now) {
        this.status = outcome;
        this.problem = why == null ? null : why.substring(0, Math.min(why.length(), 4000));
        this.finishedAt = now;
        this.activeEnvironment = null;
    }

    void summarize(String text) {
        this.summary = text == null ? null : text.substring(0, Math.min(text.length(), 4000));
    }

    public boolean isRunning() {
        return status == Status.RUNNING;
    }

    public Long getId() {
        return id;
    }

    public String getEnvironmentName() {
        return environmentName;
    }

    public Type getType() {
        return type;
    }

    public Long getPlanId() {
        return planId;
    }

    public String getStackName() {
        return stackName;
    }

    public Status getStatus() {
        return status;
    }

    public String getStackStatus() {
        return stackStatus;
    }

    public String getProblem() {
        return problem;
    }

    public String getSummary() {
        return summary;
    }

    public String getLastEventId() {
        return lastEventId;
    }

    public int getResourceTotal() {
        return resourceTotal;
    }

    public String getImageTagFrom() {
        return imageTagFrom;
    }

    public String getImageTagTo() {
        return imageTagTo;
    }

    public String getEcsServiceArn() {
        return ecsServiceArn;
    }

    public String getEcsDeploymentId() {
        return ecsDeploymentId;
    }

    public String getCancelRequestedBy() {
        return cancelRequestedBy;
    }

    public String getStartedBy() {
        return startedBy;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
