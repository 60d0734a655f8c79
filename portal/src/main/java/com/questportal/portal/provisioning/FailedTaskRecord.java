package com.questportal.portal.provisioning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A task that failed while an apply ran: why ECS stopped it, its exit code and the last lines it wrote. */
@Entity
@Table(name = "failed_task")
public class FailedTaskRecord {

    static final int REASON_LENGTH = 1024;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "operation_id", nullable = false)
    private Long operationId;

    @Column(name = "task_id", nullable = false, length = 64)
    private String taskId;

    @Column(name = "image_tag", length = 256)
    private String imageTag;

    @Column(name = "stopped_at")
    private Instant stoppedAt;

    @Column(name = "stop_code", length = 64)
    private String stopCode;

    @Column(name = "stopped_reason", length = REASON_LENGTH)
    private String stoppedReason;

    @Column(name = "exit_code")
    private Integer exitCode;

    @Column(name = "last_lines")
    private String lastLines;

    protected FailedTaskRecord() {
    }

    FailedTaskRecord(Long operationId, String taskId, String imageTag, Instant stoppedAt, String stopCode, String stoppedReason,
                     Integer exitCode, List<String> lastLines) {
        this.operationId = operationId;
        this.taskId = taskId;
        this.imageTag = imageTag;
        this.stoppedAt = stoppedAt;
        this.stopCode = stopCode;
        this.stoppedReason = stoppedReason == null ? null : stoppedReason.substring(0, Math.min(stoppedReason.length(), REASON_LENGTH));
        this.exitCode = exitCode;
        this.lastLines = String.join("\n", lastLines);
    }

    public Long getOperationId() {
        return operationId;
    }

    public String getTaskId() {
        return taskId;
    }

    public String getImageTag() {
        return imageTag;
    }

    public Instant getStoppedAt() {
        return stoppedAt;
    }

    public String getStopCode() {
        return stopCode;
    }

    public String getStoppedReason() {
        return stoppedReason;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public List<String> getLastLines() {
        return lastLines == null || lastLines.isEmpty() ? List.of() : List.of(lastLines.split("\n", -1));
    }
}
