package com.questportal.portal.environment;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;

/**
 * What the audit trail says about environment changes, the same whether they came from a page or
 * the API. Details name fields and non-secret values only: a refused form may hold anything in any
 * field, a secret word among them.
 */
@Component
class EnvironmentAudit {

    static final String CREATE = "environment.create";
    static final String UPDATE = "environment.update";
    static final String DELETE = "environment.delete";
    static final String SECRET_WORD = "secret-word.set";

    private final AuditTrail trail;

    EnvironmentAudit(AuditTrail trail) {
        this.trail = trail;
    }

    void created(HttpServletRequest request, String actor, Environment created, EnvironmentForm form) {
        trail.record(request, actor, CREATE, created.getName(), Outcome.SUCCEEDED, "region " + created.getRegion() + ", image "
                + created.getImageTag() + ", " + created.getDesiredCount() + " × " + created.getTaskSize().label());
        secretWordIfGiven(request, actor, created, form.secretWord());
    }

    void updated(HttpServletRequest request, String actor, EnvironmentForm before, Environment updated, EnvironmentForm form) {
        trail.record(request, actor, UPDATE, updated.getName(), Outcome.SUCCEEDED, changes(before, EnvironmentForm.of(updated)));
        secretWordIfGiven(request, actor, updated, form.secretWord());
    }

    void deleted(HttpServletRequest request, String actor, String name) {
        trail.record(request, actor, DELETE, name, Outcome.SUCCEEDED, "record and SSM secret word removed");
    }

    /** A new secret word is its own action on the trail: where it went, never what it is. */
    void secretWordSet(HttpServletRequest request, String actor, Environment environment) {
        trail.record(request, actor, SECRET_WORD, environment.getName(), Outcome.SUCCEEDED,
                "SecureString " + environment.getSecretWordParameter() + " written; the value is not recorded");
    }

    void refused(HttpServletRequest request, String actor, String action, String name, String why) {
        trail.record(request, actor, action, name, Outcome.REFUSED, why);
    }

    /** The fields that were refused, by name only. */
    void invalid(HttpServletRequest request, String actor, String action, String name, Errors errors) {
        List<String> fields = new ArrayList<>();
        errors.getFieldErrors().forEach(error -> {
            if (!fields.contains(error.getField())) {
                fields.add(error.getField());
            }
        });
        errors.getGlobalErrors().forEach(error -> fields.add(error.getDefaultMessage()));
        refused(request, actor, action, name, "invalid: " + String.join(", ", fields));
    }

    private void secretWordIfGiven(HttpServletRequest request, String actor, Environment environment, String secretWord) {
        if (secretWord != null && !secretWord.isBlank()) {
            secretWordSet(request, actor, environment);
        }
    }

    /** What an edit changed, old → new, for the settings that are not secret. */
    private static String changes(EnvironmentForm before, EnvironmentForm after) {
        List<String> changed = new ArrayList<>();
        compare(changed, "description", before.description(), after.description());
        compare(changed, "owner", before.owner(), after.owner());
        compare(changed, "region", before.region(), after.region());
        compare(changed, "accountId", before.accountId(), after.accountId());
        compare(changed, "roleArn", before.roleArn(), after.roleArn());
        compare(changed, "vpcCidr", before.vpcCidr(), after.vpcCidr());
        compare(changed, "allowedClientCidr", before.allowedClientCidr(), after.allowedClientCidr());
        compare(changed, "containerPort", before.containerPort(), after.containerPort());
        compare(changed, "imageRepository", before.repositoryOrDefault(), after.repositoryOrDefault());
        compare(changed, "imageTag", before.imageTag(), after.imageTag());
        compare(changed, "taskSize", before.taskSize(), after.taskSize());
        compare(changed, "desiredCount", before.desiredCount(), after.desiredCount());
        compare(changed, "healthCheckPath", before.healthCheckPath(), after.healthCheckPath());
        compare(changed, "logRetentionDays", before.logRetentionDays(), after.logRetentionDays());
        compare(changed, "certificateArn", before.certificateArn(), after.certificateArn());
        compare(changed, "autoScaling", before.scales(), after.scales());
        compare(changed, "logsForViewers", before.viewersReadLogs(), after.viewersReadLogs());
        if (after.scales()) {
            compare(changed, "scalingMin", before.scalingMin(), after.scalingMin());
            compare(changed, "scalingMax", before.scalingMax(), after.scalingMax());
            compare(changed, "scalingMetric", before.metricOrDefault(), after.metricOrDefault());
            compare(changed, "scalingTarget", before.scalingTarget(), after.scalingTarget());
        }
        return changed.isEmpty() ? "no settings changed" : "changed " + String.join(", ", changed);
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field + " " + before + " → " + after);
        }
    }
}
