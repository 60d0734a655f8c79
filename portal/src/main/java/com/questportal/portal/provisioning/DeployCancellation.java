package com.questportal.portal.provisioning;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * Cancels a running deploy or rollback the way CloudFormation does (CancelUpdateStack): the update stops, and CloudFormation
 * rolls the stack back to the tag before, a rolling deployment like any other; the watcher follows it to its end, whose
 * outcome is then "cancelled". A redeploy is ECS's rollout alone, with no stack update to cancel.
 */
@Service
public class DeployCancellation {

    private final OperationLedger ledger;
    private final EnvironmentDirectory environments;
    private final AwsClients aws;

    DeployCancellation(OperationLedger ledger, EnvironmentDirectory environments, AwsClients aws) {
        this.ledger = ledger;
        this.environments = environments;
        this.aws = aws;
    }

    /** Asks CloudFormation to cancel; asking again while the first request is under way changes nothing. */
    public StackOperation cancel(long operationId, String by) {
        StackOperation operation = ledger.operation(operationId).orElseThrow(() -> new ProvisioningRefused(
                ProvisioningRefused.Kind.NOT_FOUND, "There is no operation " + operationId + "."));
        if (!operation.getType().changesImageTag()) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "Only a deploy or a rollback can be cancelled: "
                    + (operation.getType() == StackOperation.Type.REDEPLOY ? "a redeploy is ECS's own rollout, with no stack update "
                    + "for CloudFormation to cancel." : "this operation is a " + operation.getType().name().toLowerCase(java.util.Locale.ROOT) + "."));
        }
        if (!operation.isRunning()) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "This " + operation.getType().name().toLowerCase(
                    java.util.Locale.ROOT) + " has ended already (" + operation.getStatus().name().toLowerCase(java.util.Locale.ROOT) + ").");
        }
        if (operation.getCancelRequestedBy() != null) {
            return operation;
        }
        Environment environment = environments.find(operation.getEnvironmentName()).orElseThrow(() -> new ProvisioningRefused(
                ProvisioningRefused.Kind.NOT_FOUND, "There is no environment named " + operation.getEnvironmentName() + "."));
        // Written before the call: a portal stopped right after it still knows the rollback that follows was asked for.
        ledger.cancelRequested(operationId, by);
        try {
            aws.cloudFormation(environment.awsTarget()).cancelUpdateStack(r -> r.stackName(operation.getStackName()));
        } catch (CloudFormationException e) {
            ledger.cancelRequested(operationId, null);
            if (e.awsErrorDetails() != null && "ValidationError".equals(e.awsErrorDetails().errorCode())) {
                throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "CloudFormation cannot cancel now: the stack's "
                        + "update has not begun yet, or is already finishing or rolling back (" + e.awsErrorDetails().errorMessage() + ").");
            }
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, AwsFailure.of(e, "cloudformation:CancelUpdateStack").message());
        } catch (SdkException e) {
            ledger.cancelRequested(operationId, null);
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, AwsFailure.of(e, "cloudformation:CancelUpdateStack").message());
        }
        return ledger.operation(operationId).orElseThrow();
    }
}
