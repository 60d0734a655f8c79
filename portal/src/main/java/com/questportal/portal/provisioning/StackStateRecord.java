package com.questportal.portal.provisioning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What the portal last learned of an environment's stack: its status and its outputs as it stands (JSON; none once deleted). */
@Entity
@Table(name = "stack_state")
public class StackStateRecord {

    @Id
    @Column(name = "environment_name", length = 40)
    private String environmentName;

    @Column(name = "stack_status", nullable = false, length = 64)
    private String stackStatus;

    @Column(columnDefinition = "text")
    private String outputs;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StackStateRecord() {
    }

    StackStateRecord(String environmentName) {
        this.environmentName = environmentName;
    }

    void update(String status, String outputsJson, Instant now) {
        this.stackStatus = status;
        this.outputs = outputsJson;
        this.updatedAt = now;
    }

    public String getEnvironmentName() {
        return environmentName;
    }

    public String getStackStatus() {
        return stackStatus;
    }

    String getOutputs() {
        return outputs;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
