package com.questportal.portal.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** One state-changing action: who, when, from where, what, on which environment, and how it ended. Never changed once written. */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent {

    /** How an action ended. */
    public enum Outcome {
        SUCCEEDED, REFUSED, FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false, length = 100)
    private String actor;

    @Column(nullable = false, updatable = false, length = 64)
    private String address;

    @Column(nullable = false, updatable = false, length = 40)
    private String action;

    @Column(updatable = false, length = 40)
    private String environment;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 20)
    private Outcome outcome;

    @Column(updatable = false, length = 1000)
    private String detail;

    protected AuditEvent() {
    }

    AuditEvent(Instant occurredAt, String actor, String address, String action, String environment, Outcome outcome, String detail) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.address = address;
        this.action = action;
        this.environment = environment;
        this.outcome = outcome;
        this.detail = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...";
    }

    public Long getId() {
        return id;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getActor() {
        return actor;
    }

    public String getAddress() {
        return address;
    }

    public String getAction() {
        return action;
    }

    public String getEnvironment() {
        return environment;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    public String getDetail() {
        return detail;
    }
}
