package com.questportal.portal.provisioning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One event ECS recorded for the stack's service while an apply ran, kept with the operation. */
@Entity
@Table(name = "operation_service_event")
public class ServiceEventRecord {

    static final int MESSAGE_LENGTH = 2048;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "operation_id", nullable = false)
    private Long operationId;

    @Column(name = "event_id", nullable = false, length = 128)
    private String eventId;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false, length = MESSAGE_LENGTH)
    private String message;

    protected ServiceEventRecord() {
    }

    ServiceEventRecord(Long operationId, String eventId, Instant occurredAt, String message) {
        this.operationId = operationId;
        this.eventId = eventId;
        this.occurredAt = occurredAt;
        this.message = message.substring(0, Math.min(message.length(), MESSAGE_LENGTH));
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getMessage() {
        return message;
    }

    String getEventId() {
        return eventId;
    }
}
