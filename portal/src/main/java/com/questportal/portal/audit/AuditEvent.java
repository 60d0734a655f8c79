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
        this.actor = fit(actor, 100);
        this.address = fit(address, 64);
        this.action = action;
        this.environment = fit(environment, 40);
        this.outcome = outcome;
        this.detail = fit(detail, 1000);
    }

    /**
     * What a caller typed is cut to its column rather than failing the insert: a refusal of a 300-character
     * environment name must still be recorded, and must not turn into a 500.
     */
    private static String fit(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length - 3) + "...";
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
