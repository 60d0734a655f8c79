package com.questportal.portal.deployment;

import com.questportal.portal.provisioning.StackOperation;
import java.util.Locale;

/**
 * How a deploy, rollback or redeploy ended, in the operator's words: succeeded; failed because the circuit breaker stopped
 * it (ECS put the service back on the tasks before); rolled back by CloudFormation for another reason; cancelled by someone
 * (CloudFormation then rolled back); or failed otherwise. A service ECS put back on the old task definition is never a success.
 */
enum DeploymentOutcome {

    IN_PROGRESS("◔", "in progress", "status-warn"),
    SUCCEEDED("✓", "succeeded", "status-ok"),
    CIRCUIT_BREAKER("✗", "failed: the circuit breaker stopped it", "status-bad"),
    ROLLED_BACK("↺", "rolled back by CloudFormation", "status-bad"),
    CANCELLED("⊘", "cancelled", "status-warn"),
    FAILED("✗", "failed", "status-bad");

    private final String symbol;
    private final String words;
    private final String tone;

    DeploymentOutcome(String symbol, String words, String tone) {
        this.symbol = symbol;
        this.words = words;
        this.tone = tone;
    }

    static DeploymentOutcome of(StackOperation operation) {
        return switch (operation.getStatus()) {
            case RUNNING -> IN_PROGRESS;
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> failure(operation);
        };
    }

    private static DeploymentOutcome failure(StackOperation operation) {
        boolean rolledBack = "UPDATE_ROLLBACK_COMPLETE".equals(operation.getStackStatus());
        if (operation.getCancelRequestedBy() != null && rolledBack) {
            return CANCELLED;
        }
        String problem = operation.getProblem() == null ? "" : operation.getProblem().toLowerCase(Locale.ROOT);
        if (problem.contains("circuit breaker")) {
            return CIRCUIT_BREAKER;
        }
        return rolledBack ? ROLLED_BACK : FAILED;
    }

    /** "✓ succeeded", "⊘ cancelled": the symbol, then the words, never colour alone. */
    public String label() {
        return symbol + " " + words;
    }

    public String tone() {
        return tone;
    }

    /** The sentence under the label: what happened to the service, and who cancelled. */
    String sentence(StackOperation operation) {
        return switch (this) {
            case IN_PROGRESS -> operation.getCancelRequestedBy() == null ? "Rolling out " + operation.getImageTagTo() + "."
                    : "Cancel asked by " + operation.getCancelRequestedBy() + "; CloudFormation is putting "
                    + operation.getImageTagFrom() + " back.";
            case SUCCEEDED -> operation.getImageTagTo() + " runs on every task.";
            case CIRCUIT_BREAKER -> "Its tasks kept failing, so ECS went back to " + operation.getImageTagFrom()
                    + "; the environment still records " + operation.getImageTagFrom() + ".";
            case ROLLED_BACK -> "CloudFormation put " + operation.getImageTagFrom() + " back.";
            case CANCELLED -> "Cancelled by " + operation.getCancelRequestedBy() + "; CloudFormation put " + operation.getImageTagFrom()
                    + " back.";
            case FAILED -> "The environment still records " + operation.getImageTagFrom() + ".";
        };
    }
}
