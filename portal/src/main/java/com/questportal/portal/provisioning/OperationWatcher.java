package com.questportal.portal.provisioning;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.Stacks;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.system.BackgroundLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows every running operation from CloudFormation's own state, on startup and then every poll
 * interval: the new stack events (newest first, paging only until the last one seen), the stack's
 * status, and at the end the outcome, the first failure's reason and the stack's outputs. Because it
 * reads running operations from the database, a portal that was killed mid-apply picks up where
 * CloudFormation is when it comes back, and nothing is applied twice. One watcher asks AWS for every
 * viewer: pages and streams read what it recorded.
 */
@Component
class OperationWatcher {

    private static final Logger log = LoggerFactory.getLogger(OperationWatcher.class);
    private static final Set<String> SUCCESS = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "IMPORT_COMPLETE");
    private static final Set<String> FAILURE = Set.of("CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED",
            "UPDATE_FAILED", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED", "IMPORT_ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_FAILED");

    private final OperationLedger ledger;
    private final EnvironmentDirectory environments;
    private final AwsClients aws;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final OperationStream stream;
    private final Duration neverStartedAfter;
    private final FailureEvidence evidence;
    private final BackgroundLease lease;

    OperationWatcher(OperationLedger ledger, EnvironmentDirectory environments, AwsClients aws, JsonMapper json, AuditTrail audit,
                     OperationStream stream, @Value("${portal.provisioning.never-started-after:PT2M}") Duration neverStartedAfter,
                     FailureEvidence evidence, BackgroundLease lease) {
        this.lease = lease;
        this.neverStartedAfter = neverStartedAfter;
        this.evidence = evidence;
        this.ledger = ledger;
        this.environments = environments;
        this.aws = aws;
        this.json = json;
        this.audit = audit;
        this.stream = stream;
    }

    /** Watches one operation now, without waiting for the next round: an apply's first events reach its page at once. */
    void watchSoon(Long operationId) {
        if (!lease.held()) {
            return;  // the instance that holds the lease follows it within a round
        }
        ledger.operation(operationId).filter(StackOperation::isRunning).ifPresent(this::watchOrWaitForNextRound);
    }

    @Scheduled(initialDelay = 0, fixedRateString = "${portal.provisioning.poll-interval:PT1S}")
    synchronized void watchAll() {
        if (!lease.held()) {
            return;
        }
        ledger.running().forEach(this::watchOrWaitForNextRound);
    }

    private void watchOrWaitForNextRound(StackOperation operation) {
        if (operation.getType() == StackOperation.Type.RESTORE) {
            endRestoreNoLongerRunning(operation);
            return;
        }
        try {
            if (operation.getType() == StackOperation.Type.REDEPLOY) {
                watchRedeploy(operation);
            } else {
                watch(operation);
            }
        } catch (SdkException e) {
            // The SDK has already retried with backoff and jitter; the next round tries again.
            log.warn("watching operation {} on {}: {}", operation.getId(), operation.getEnvironmentName(), e.getMessage());
        } catch (RuntimeException e) {
            // The round's boundary: one operation's failure (its database row, its events) must not end the round for the
            // others. Logged with its cause; the next round tries this operation again.
            log.error("event=operation_watch_failed operation={} environment={}", operation.getId(), operation.getEnvironmentName(), e);
        }
    }

    /**
     * A restore runs in the request that started it, never in CloudFormation: one still running here that this portal is
     * not doing, {@code portal.provisioning.never-started-after} after it started (its row is written a moment before this
     * portal marks it as its own), was stranded by a stop in the middle, and ends failed so that the environment is free again.
     */
    private void endRestoreNoLongerRunning(StackOperation operation) {
        if (!ledger.isHandingOver(operation.getId())
                && Duration.between(operation.getStartedAt(), ledger.now()).compareTo(neverStartedAfter) >= 0) {
            finish(operation, StackOperation.Status.FAILED, "The portal stopped while putting drifted values back; some may be back, "
                    + "some not. Check drift again to see where they stand.");
        }
    }

    /**
     * A redeploy ends when ECS says its deployment's rollout did: COMPLETED succeeds; FAILED (the circuit breaker) fails with ECS's
     * reason; a deployment ECS no longer lists was replaced by another (a rollback, or a deploy outside the portal), which
     * fails too. One whose deployment was never recorded was stranded by a stop before ECS answered.
     */
    synchronized void watchRedeploy(StackOperation operation) {
        Optional<Environment> environment = environments.find(operation.getEnvironmentName());
        if (environment.isEmpty()) {
            finish(operation, StackOperation.Status.FAILED, "The environment's record is gone; the portal stopped watching.");
            return;
        }
        if (operation.getEcsDeploymentId() == null) {
            if (!ledger.isHandingOver(operation.getId())
                    && Duration.between(operation.getStartedAt(), ledger.now()).compareTo(neverStartedAfter) >= 0) {
                finish(operation, StackOperation.Status.FAILED, "The portal stopped before ECS said which deployment the redeploy"
                        + " started; look at the service's deployments before redeploying again.");
            }
            return;
        }
        String serviceArn = operation.getEcsServiceArn();
        String cluster = serviceArn.substring(serviceArn.indexOf(":service/") + ":service/".length(), serviceArn.lastIndexOf('/'));
        collectEvidence(operation, environment.get());
        Optional<software.amazon.awssdk.services.ecs.model.Deployment> deployment = aws.ecs(environment.get().awsTarget())
                .describeServices(r -> r.cluster(cluster).services(serviceArn)).services().stream().findFirst()
                .flatMap(service -> service.deployments().stream().filter(found -> operation.getEcsDeploymentId().equals(found.id()))
                        .findFirst());
        if (deployment.isEmpty()) {
            finish(operation, StackOperation.Status.FAILED, "ECS no longer lists the deployment " + operation.getEcsDeploymentId()
                    + ": another deployment replaced it.");
        } else if ("COMPLETED".equals(deployment.get().rolloutStateAsString())) {
            finish(operation, StackOperation.Status.SUCCEEDED, null);
        } else if ("FAILED".equals(deployment.get().rolloutStateAsString())) {
            finish(operation, StackOperation.Status.FAILED, "ECS's rollout failed: " + deployment.get().rolloutStateReason());
        }
    }

    synchronized void watch(StackOperation operation) {
        Optional<Environment> environment = environments.find(operation.getEnvironmentName());
        if (environment.isEmpty()) {
            finish(operation, StackOperation.Status.FAILED, "The environment's record is gone; the portal stopped watching.");
            return;
        }
        CloudFormationClient cloudFormation = aws.cloudFormation(environment.get().awsTarget());
        Optional<Stack> stack = describe(cloudFormation, operation.getStackName());
        if (stack.isEmpty()) {
            boolean destroyed = operation.getType() == StackOperation.Type.DESTROY;
            ledger.stackState(operation.getEnvironmentName(), "DELETE_COMPLETE", null);
            // The secret word goes before the operation ends: someone who sets a new one once they see the destroy succeed
            // must not have it deleted by the destroy's own tail.
            afterDestroy(operation, environment.get(), destroyed);
            finish(operation, destroyed ? StackOperation.Status.SUCCEEDED : StackOperation.Status.FAILED,
                    destroyed ? null : "The stack no longer exists.");
            return;
        }
        List<StackEventRecord> fresh = newEvents(cloudFormation, operation, stack.get().stackId());
        String status = stack.get().stackStatusAsString();
        StackOperation updated = ledger.progress(operation.getId(), stack.get().stackId(), status, fresh);
        if (!fresh.isEmpty()) {
            stream.pushAll();
        }
        if (operation.getType() == StackOperation.Type.APPLY || operation.getType().changesImageTag()) {
            collectEvidence(updated, environment.get());
        }
        List<StackEventRecord> own = ledger.events(operation.getId());
        // The outputs as the stack stands: an update that rolled back keeps the load balancer on-call needs; a deleted one has none.
        ledger.stackState(operation.getEnvironmentName(), status, status.equals("DELETE_COMPLETE") ? null : outputs(stack.get()));
        if (own.isEmpty()) {
            abandonIfNeverStarted(cloudFormation, updated, status);
            return;
        }
        // The end is the stack's own event with that status among this operation's events: a status read just as the
        // operation began can still be the previous operation's.
        boolean reachedIt = own.stream()
                .anyMatch(event -> event.getResourceType().equals(StackEventRecord.STACK_TYPE) && event.getStatus().equals(status));
        if (!reachedIt) {
            return;
        }
        boolean destroy = operation.getType() == StackOperation.Type.DESTROY;
        if (SUCCESS.contains(status) && (destroy == status.equals("DELETE_COMPLETE"))) {
            afterDestroy(updated, environment.get(), destroy);
            if (operation.getType().changesImageTag()) {
                // Only a deploy that succeeded moves the record: a failed one leaves it on the last tag that did.
                environments.recordDeployedTag(operation.getEnvironmentName(), operation.getImageTagTo(), operation.getStartedBy());
            }
            finish(updated, StackOperation.Status.SUCCEEDED, null);
        } else if (FAILURE.contains(status) || SUCCESS.contains(status)) {
            finish(updated, StackOperation.Status.FAILED, firstFailure(own, status));
        }
    }

    /**
     * An operation with no event of its own long after it started ({@code portal.provisioning.never-started-after},
     * two minutes) never reached CloudFormation: the portal
     * stopped between writing its row and the call. It changed nothing, so it ends failed and frees the
     * environment; an apply's plan can be applied again.
     */
    private void abandonIfNeverStarted(CloudFormationClient cloudFormation, StackOperation operation, String status) {
        if (ledger.isHandingOver(operation.getId())
                || Duration.between(operation.getStartedAt(), ledger.now()).compareTo(neverStartedAfter) < 0 || status.endsWith("_IN_PROGRESS")
                && !status.equals("REVIEW_IN_PROGRESS")) {
            return;
        }
        if (operation.getType() == StackOperation.Type.APPLY) {
            String changeSet = ledger.plan(operation.getPlanId()).map(StackPlan::getChangeSetId).orElse(null);
            if (changeSet != null && !"AVAILABLE".equals(cloudFormation.describeChangeSet(r -> r.stackName(operation.getStackName()).changeSetName(changeSet))
                    .executionStatusAsString())) {
                return;
            }
            ledger.planStatus(operation.getPlanId(), StackPlan.Status.READY);
        }
        finish(operation, StackOperation.Status.FAILED, "The portal stopped before CloudFormation was asked to "
                + (operation.getType() == StackOperation.Type.DESTROY ? "delete the stack" : "execute the change set")
                + "; nothing was changed. Start it again.");
    }

    /** Best effort: evidence that cannot be read this round is read the next; it never holds up the operation's own end. */
    private void collectEvidence(StackOperation operation, Environment environment) {
        try {
            evidence.collect(operation, environment.awsTarget());
        } catch (SdkException e) {
            log.warn("event=failure_evidence_unread operation={} environment={} problem=\"{}\"", operation.getId(),
                    operation.getEnvironmentName(), e.getMessage());
        }
    }

    /** The stack, or empty once it is gone: by name a deleted stack is not described at all, by id as DELETE_COMPLETE. */
    private static Optional<Stack> describe(CloudFormationClient cloudFormation, String stackNameOrId) {
        return Stacks.describe(cloudFormation, stackNameOrId)
                .filter(stack -> !stack.stackStatusAsString().equals("DELETE_COMPLETE") || stackNameOrId.startsWith("arn:"));
    }

    /** The events since the last one seen, oldest first; paging stops at the last one seen (or at the baseline). */
    private List<StackEventRecord> newEvents(CloudFormationClient cloudFormation, StackOperation operation, String stackId) {
        List<StackEvent> newestFirst = new ArrayList<>();
        String token = null;
        outer:
        do {
            String page = token;
            var response = cloudFormation.describeStackEvents(r -> r.stackName(stackId).nextToken(page));
            for (StackEvent event : response.stackEvents()) {
                // Without a baseline (the portal stopped before taking it), only what happened since the operation started is its own.
                if (event.eventId().equals(operation.getLastEventId())
                        || operation.getLastEventId() == null && event.timestamp().isBefore(operation.getStartedAt())) {
                    break outer;
                }
                newestFirst.add(event);
            }
            token = response.nextToken();
        } while (token != null);
        Collections.reverse(newestFirst);
        return newestFirst.stream().map(event -> new StackEventRecord(operation.getId(), event.eventId(), event.timestamp(),
                event.logicalResourceId(), event.resourceType(), event.resourceStatusAsString(), event.resourceStatusReason())).toList();
    }

    /** The first resource that failed and why, the cause a rollback follows from; or the stack's status when no resource says. */
    private static String firstFailure(List<StackEventRecord> own, String status) {
        return own.stream()
                .filter(event -> event.getStatus().endsWith("_FAILED") && event.getReason() != null
                        && !event.getReason().contains("cancelled") && !event.getResourceType().equals(StackEventRecord.STACK_TYPE))
                .findFirst()
                .map(event -> event.getLogicalId() + " (" + event.getResourceType() + ") " + event.getStatus() + ": " + event.getReason()
                        + " — the stack ended " + status)
                .orElse("The stack ended " + status + ".");
    }

    private String outputs(Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        stack.outputs().forEach(output -> outputs.put(output.outputKey(), output.outputValue()));
        return json.writeValueAsString(outputs);
    }

    private void afterDestroy(StackOperation operation, Environment environment, boolean destroyed) {
        if (destroyed) {
            try {
                environments.forgetSecretWord(environment);
            } catch (SdkException e) {
                log.warn("the stack of {} is gone but its secret word could not be removed from SSM: {}", environment.getName(),
                        e.getMessage());
            }
        }
    }

    private void finish(StackOperation operation, StackOperation.Status outcome, String why) {
        StackOperation finished = ledger.finish(operation.getId(), outcome, why);
        evidence.forget(operation.getId());
        stream.pushAll();
        audit.record("portal", finished.getStartedBy(), "stack." + operation.getType().name().toLowerCase(java.util.Locale.ROOT),
                operation.getEnvironmentName(), outcome == StackOperation.Status.SUCCEEDED ? Outcome.SUCCEEDED : Outcome.FAILED,
                "operation " + operation.getId() + " ended " + (finished.getStackStatus() == null ? outcome : finished.getStackStatus())
                        + (why == null ? "" : ": " + why));
    }
}
