package com.questportal.portal.provisioning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One stack event an operation saw, kept so that every viewer reads it from here and CloudFormation is asked once. */
@Entity
@Table(name = "stack_event")
public class StackEventRecord {

    /** The resource type of the events about the stack itself, rather than one of its resources. */
    static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "operation_id", nullable = false)
    private Long operationId;

    @Column(name = "event_id", nullable = false, length = 256)
    private String eventId;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "logical_id", nullable = false, length = 256)
    private String logicalId;

    @Column(name = "resource_type", nullable = false, length = 256)
    private String resourceType;

    @Column(nullable = false, length = 64)
    private String status;

    @Column(length = 4000)
    private String reason;

    protected StackEventRecord() {
    }

    StackEventRecord(Long operationId, String eventId, Instant occurredAt, String logicalId, String resourceType, String status,
                     String reason) {
        this.operationId = operationId;
        this.eventId = eventId;
        this.occurredAt = occurredAt;
        this.logicalId = logicalId;
        this.resourceType = resourceType;
        this.status = status;
        this.reason = reason == null ? null : reason.substring(0, Math.min(reason.length(), 4000));
    }

    public Long getId() {
        return id;
    }

    public Long getOperationId() {
        return operationId;
    }

    public String getEventId() {
        return eventId;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getLogicalId() {
        return logicalId;
    }

    public String getResourceType() {
        return resourceType;
    }

    public String getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }
}
