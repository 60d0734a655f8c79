package com.questportal.portal.provisioning;

import com.questportal.portal.audit.AuditEvent;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.StackSummaries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * "Restore": puts back the drifted values the portal can set directly — the service's desired count (UpdateService) and
 * the log group's retention (PutRetentionPolicy) — to what the stack recorded, as one operation under the environment's
 * one-operation lock. CloudFormation itself never puts drift back; the rest of what drifted is left as it is, and said so.
 * It asks CloudFormation for drift afresh first: what a page showed a minute ago is not what is put back.
 */
@Component
public class DriftRestore {

    /** A drifted value the portal can put back, and how. */
    public record Restorable(String logicalId, String resourceType, String path, String actual, String expected) {

        public String words() {
            return logicalId + " " + path + " " + actual + " → " + expected;
        }
    }

    /** What a restore would do now: the values it would put back and the drifted values it would leave as they are. */
    public record Preview(DriftCheck.Report drift, List<Restorable> restorable, List<String> leftAsIs) {
    }

    private final EnvironmentDirectory environments;
    private final DriftCheck driftCheck;
    private final OperationLedger ledger;
    private final StackSummaries stacks;
    private final AwsClients aws;

    DriftRestore(EnvironmentDirectory environments, DriftCheck driftCheck, OperationLedger ledger, StackSummaries stacks, AwsClients aws) {
        this.environments = environments;
        this.driftCheck = driftCheck;
        this.ledger = ledger;
        this.stacks = stacks;
        this.aws = aws;
    }

    /**
     * Sorts a drift report's differences into those a restore puts back and those it leaves. A service's desired count is
     * left while the environment auto scales: auto scaling set it, and would undo a put-back.
     */
    public static Preview preview(DriftCheck.Report drift, boolean autoScales) {
        List<Restorable> restorable = new ArrayList<>();
        List<String> leftAsIs = new ArrayList<>();
        for (DriftCheck.ResourceDrift resource : drift.resources()) {
            if (resource.status().equals("DELETED")) {
                leftAsIs.add(resource.logicalId() + " was deleted");
            }
            for (DriftCheck.Difference difference : resource.differences()) {
                Restorable candidate = new Restorable(resource.logicalId(), resource.resourceType(), difference.path(), difference.actual(),
                        difference.expected());
                if (autoScales && isDesiredCount(candidate)) {
                    leftAsIs.add(resource.logicalId() + " " + difference.path() + " (" + difference.actual() + ", recorded "
                            + difference.expected() + "): auto scaling sets it");
                } else if (settable(candidate)) {
                    restorable.add(candidate);
                } else {
                    leftAsIs.add(resource.logicalId() + " " + difference.path() + " (" + difference.actual() + ", recorded "
                            + difference.expected() + ")");
                }
            }
        }
        return new Preview(drift, List.copyOf(restorable), List.copyOf(leftAsIs));
    }

    private static boolean isDesiredCount(Restorable value) {
        return value.resourceType().equals("AWS::ECS::Service") && value.path().equals("/DesiredCount");
    }

    private static boolean settable(Restorable value) {
        boolean known = isDesiredCount(value)
                || value.resourceType().equals("AWS::Logs::LogGroup") && value.path().equals("/RetentionInDays");
        return known && value.expected() != null && value.expected().matches("\\d{1,5}");
    }

    /**
     * Checks drift afresh and puts back what it can, as a RESTORE operation that ends before this returns; refused in
     * words (and nothing started) when nothing it can put back has drifted.
     */
    public StackOperation restore(String environmentName, String by) {
        Environment environment = environments.find(environmentName).orElseThrow(() -> new ProvisioningRefused(
                ProvisioningRefused.Kind.NOT_FOUND, "There is no environment named " + environmentName + "."));
        Preview preview = preview(driftCheck.check(environment), environment.getScalingMin() != null);
        if (preview.restorable().isEmpty()) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, preview.leftAsIs().isEmpty()
                    ? "Nothing has drifted: there is nothing to put back."
                    : "Nothing the portal can put back has drifted: it sets a service's desired count and a log group's retention; "
                    + "change the rest where it was changed (" + String.join("; ", preview.leftAsIs()) + ").");
        }
        Map<String, String> outputs = stacks.of(environmentName).map(StackSummaries.StackSummary::outputs).orElse(Map.of());
        StackOperation operation = ledger.start(environmentName, StackOperation.Type.RESTORE, null, environment.getStackName(),
                preview.restorable().size(), by);
        ledger.handingOver(operation.getId(), true);
        List<String> done = new ArrayList<>();
        try {
            for (Restorable value : preview.restorable()) {
                putBack(environment, outputs, value);
                done.add(value.words());
            }
            return ledger.finish(operation.getId(), StackOperation.Status.SUCCEEDED, null, summary(done, preview.leftAsIs()));
        } catch (SdkException e) {
            return ledger.finish(operation.getId(), StackOperation.Status.FAILED, AwsFailure.of(e, call(preview.restorable()
                    .get(done.size()))).message(), summary(done, preview.leftAsIs()));
        } catch (ProvisioningRefused unknown) {
            return ledger.finish(operation.getId(), StackOperation.Status.FAILED, unknown.getMessage(), summary(done, preview.leftAsIs()));
        } finally {
            ledger.handingOver(operation.getId(), false);
        }
    }

    /** A finished restore as the audit trail records it. */
    static AuditEvent.Outcome outcome(StackOperation restore) {
        return restore.getStatus() == StackOperation.Status.SUCCEEDED ? AuditEvent.Outcome.SUCCEEDED : AuditEvent.Outcome.FAILED;
    }

    /** "operation 12: Put back: QuestService /DesiredCount 3 → 1." and, when it failed, why. */
    static String inWords(StackOperation restore) {
        return "operation " + restore.getId() + ": " + restore.getSummary() + (restore.getProblem() == null ? "" : " " + restore.getProblem());
    }

    private void putBack(Environment environment, Map<String, String> outputs, Restorable value) {
        int expected = Integer.parseInt(value.expected());
        if (value.resourceType().equals("AWS::ECS::Service")) {
            String cluster = output(outputs, "ClusterName");
            String service = output(outputs, "ServiceName");
            aws.ecs(environment.awsTarget()).updateService(r -> r.cluster(cluster).service(service).desiredCount(expected));
        } else {
            String group = output(outputs, "LogGroupName");
            aws.logs(environment.awsTarget()).putRetentionPolicy(r -> r.logGroupName(group).retentionInDays(expected));
        }
    }

    private static String output(Map<String, String> outputs, String key) {
        return Optional.ofNullable(outputs.get(key)).orElseThrow(() -> new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT,
                "The stack's outputs do not name its " + key + "; apply a plan, then restore."));
    }

    private static String call(Restorable value) {
        return value.resourceType().equals("AWS::ECS::Service") ? "ecs:UpdateService" : "logs:PutRetentionPolicy";
    }

    private static String summary(List<String> done, List<String> leftAsIs) {
        String restored = done.isEmpty() ? "Nothing was put back." : "Put back: " + String.join("; ", done) + ".";
        return leftAsIs.isEmpty() ? restored : restored + " Left as it is (the portal does not set it): "
                + String.join("; ", leftAsIs) + ".";
    }
}
