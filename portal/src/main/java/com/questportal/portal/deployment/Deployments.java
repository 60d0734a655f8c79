package com.questportal.portal.deployment;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.provisioning.DeployCancellation;
import com.questportal.portal.provisioning.OperationBusy;
import com.questportal.portal.provisioning.Operations;
import com.questportal.portal.provisioning.ProvisioningRefused;
import com.questportal.portal.provisioning.StackOperation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Deploys an image tag to an environment: the tag is checked (ECR's tag syntax, then ECR itself) before anything is asked of
 * CloudFormation, so a tag that was never pushed changes nothing; the deploy itself is a provisioning operation.
 */
@Service
class Deployments {

    /** ECR's image tag: up to 128 letters, digits, underscores, periods and hyphens, not starting with a period or hyphen. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private final EnvironmentDirectory environments;
    private final ImageCatalog images;
    private final Operations operations;
    private final AuditTrail audit;
    private final DeployCancellation cancellation;

    Deployments(EnvironmentDirectory environments, ImageCatalog images, Operations operations, AuditTrail audit,
                DeployCancellation cancellation) {
        this.environments = environments;
        this.images = images;
        this.operations = operations;
        this.audit = audit;
        this.cancellation = cancellation;
    }

    /** Starts the deploy and puts the request, started or refused, on the audit trail. */
    StackOperation deploy(String environmentName, String imageTag, String by, HttpServletRequest request) {
        return audited("stack.deploy", environmentName, by, request, () -> start(environmentName, imageTag, by));
    }

    /**
     * Rolls back to the tag the newest deploy that succeeded replaced — by the same mechanism, a rolling deployment of
     * that tag alone — recorded as a rollback.
     */
    StackOperation rollBack(String environmentName, String by, HttpServletRequest request) {
        return audited("stack.rollback", environmentName, by, request, () -> {
            Environment environment = environment(environmentName);
            String previous = requireRollbackTarget(environmentName);
            if (images.find(environment, previous).isEmpty()) {
                throw new ProvisioningRefused(ProvisioningRefused.Kind.INVALID, "The tag to roll back to, " + previous
                        + ", is no longer in the repository " + environment.getImageRepository() + ": deploy another tag instead.");
            }
            return operations.rollBack(environmentName, previous, by);
        });
    }

    /** New tasks of the tag the stack runs (a new ECS deployment of the same task definition), recorded as a redeploy. */
    StackOperation redeploy(String environmentName, String by, HttpServletRequest request) {
        return audited("stack.redeploy", environmentName, by, request, () -> {
            environment(environmentName);
            return operations.redeploy(environmentName, by);
        });
    }

    /** Cancels a running deploy or rollback of the environment, on the audit trail. */
    StackOperation cancel(String environmentName, long operationId, String by, HttpServletRequest request) {
        return audited("stack.cancel", environmentName, by, request, () -> {
            environment(environmentName);
            find(environmentName, operationId).orElseThrow(() -> new ProvisioningRefused(ProvisioningRefused.Kind.NOT_FOUND,
                    "There is no deployment " + operationId + " of " + environmentName + "."));
            return cancellation.cancel(operationId, by);
        });
    }

    /** The environment's deploy, rollback or redeploy of that id, if it has one. */
    java.util.Optional<StackOperation> find(String environmentName, long operationId) {
        return operations.find(operationId).filter(found -> found.getEnvironmentName().equals(environmentName)
                && found.getType().isDeployment());
    }

    /** The tag a rollback would go back to now, if any. */
    java.util.Optional<String> rollbackTarget(String environmentName) {
        return operations.lastSucceededDeploy(environmentName).map(StackOperation::getImageTagFrom);
    }

    /** The same, when the newest deploy that succeeded is this operation: what its page offers to undo. */
    java.util.Optional<String> rollbackTargetUndoing(String environmentName, long operationId) {
        return operations.lastSucceededDeploy(environmentName).filter(last -> last.getId() == operationId)
                .map(StackOperation::getImageTagFrom);
    }

    /** The same, or a refusal in words when no deploy has succeeded yet. */
    String requireRollbackTarget(String environmentName) {
        return rollbackTarget(environmentName).orElseThrow(() -> new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT,
                "No deploy of " + environmentName + " has succeeded yet: there is nothing to roll back to."));
    }

    private StackOperation audited(String action, String environmentName, String by, HttpServletRequest request,
                                   java.util.function.Supplier<StackOperation> start) {
        try {
            StackOperation operation = start.get();
            audit.record(request, by, action, environmentName, Outcome.SUCCEEDED, operation.getImageTagFrom() + " → "
                    + operation.getImageTagTo() + ", operation " + operation.getId());
            return operation;
        } catch (ProvisioningRefused | OperationBusy refused) {
            audit.record(request, by, action, environmentName, Outcome.REFUSED, refused.getMessage());
            throw refused;
        }
    }

    private StackOperation start(String environmentName, String imageTag, String by) {
        Environment environment = environment(environmentName);
        String tag = imageTag == null ? "" : imageTag.trim();
        if (!TAG.matcher(tag).matches()) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.INVALID, "An image tag is 1 to 128 letters, digits, '_', '.' or '-',"
                    + " and does not start with '.' or '-'.");
        }
        images.require(environment, tag);
        return operations.deploy(environmentName, tag, by);
    }

    Environment environment(String name) {
        return environments.find(name).orElseThrow(() -> new ProvisioningRefused(ProvisioningRefused.Kind.NOT_FOUND,
                "There is no environment named " + name + "."));
    }
}
