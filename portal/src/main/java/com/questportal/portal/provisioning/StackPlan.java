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
 * A plan: one CloudFormation change set made from an environment's record at one version, and what it
 * would change. Applying executes exactly this change set; a plan of an older version has expired.
 */
@Entity
@Table(name = "stack_plan")
public class StackPlan {

    public enum Status {
        /** The change set is being made. */
        CREATING,
        /** Made, with changes to review. */
        READY,
        /** Made, and CloudFormation found nothing to change. */
        EMPTY,
        /** CloudFormation refused the change set; {@code problem} says why. */
        FAILED,
        /** Thrown away by someone; its change set is deleted. */
        DISCARDED,
        /** Applied: an operation executes or executed it. */
        APPLIED,
        /** A newer plan of the environment replaced it, or another plan was executed and made its change set obsolete. */
        SUPERSEDED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "environment_name", nullable = false, length = 40)
    private String environmentName;

    @Column(name = "environment_version", nullable = false)
    private long environmentVersion;

    @Column(name = "change_set_type", nullable = false, length = 8)
    private String changeSetType;

    @Column(name = "change_set_name", nullable = false, length = 128)
    private String changeSetName;

    @Column(name = "change_set_id", length = 2048)
    private String changeSetId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Status status;

    @Column(columnDefinition = "text")
    private String changes;

    @Column(name = "parameter_changes", columnDefinition = "text")
    private String parameterChanges;

    @Column(length = 4000)
    private String problem;

    @Column(name = "created_by", nullable = false, length = 100)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StackPlan() {
    }

    StackPlan(String environmentName, long environmentVersion, String changeSetType, String changeSetName, String by, Instant now) {
        this.environmentName = environmentName;
        this.environmentVersion = environmentVersion;
        this.changeSetType = changeSetType;
        this.changeSetName = changeSetName;
        this.status = Status.CREATING;
        this.createdBy = by;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void made(String changeSetId, Status outcome, String changesJson, String parameterChangesJson, Instant now) {
        this.changeSetId = changeSetId;
        this.status = outcome;
        this.changes = changesJson;
        this.parameterChanges = parameterChangesJson;
        this.updatedAt = now;
    }

    void failed(String why, Instant now) {
        this.status = Status.FAILED;
        this.problem = why == null ? null : why.substring(0, Math.min(why.length(), 4000));
        this.updatedAt = now;
    }

    /** A plan still being made after {@code patience} was interrupted (its portal stopped, or CloudFormation never answered). */
    boolean interrupted(Instant now, java.time.Duration patience) {
        return status == Status.CREATING && createdAt.plus(patience).isBefore(now);
    }

    void moveTo(Status next, Instant now) {
        this.status = next;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getEnvironmentName() {
        return environmentName;
    }

    public long getEnvironmentVersion() {
        return environmentVersion;
    }

    public String getChangeSetType() {
        return changeSetType;
    }

    public String getChangeSetName() {
        return changeSetName;
    }

    public String getChangeSetId() {
        return changeSetId;
    }

    public Status getStatus() {
        return status;
    }

    String getChanges() {
        return changes;
    }

    String getParameterChanges() {
        return parameterChanges;
    }

    public String getProblem() {
        return problem;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
