package com.questportal.portal.provisioning;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** Removes what a plan made in CloudFormation once the plan can no longer be applied. */
final class ChangeSetCleanup {

    private static final Logger log = LoggerFactory.getLogger(ChangeSetCleanup.class);

    private ChangeSetCleanup() {
    }

    /**
     * A plan that ended without being applied leaves nothing behind that it made: its change set (by id or by name), and
     * the empty stack (REVIEW_IN_PROGRESS) a CREATE change set makes, unless another plan's change set still waits on it.
     * Best effort: what AWS refuses here is logged, and the plan's own outcome stays the one recorded.
     */
    static void afterFailure(CloudFormationClient cloudFormation, String stackName, String type, String changeSet) {
        try {
            if (changeSet != null) {
                deleteQuietly(cloudFormation, stackName, changeSet);
            }
            if ("CREATE".equals(type) && cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().stream()
                    .anyMatch(stack -> stack.stackStatus() == StackStatus.REVIEW_IN_PROGRESS)
                    && cloudFormation.listChangeSets(r -> r.stackName(stackName)).summaries().isEmpty()) {
                cloudFormation.deleteStack(r -> r.stackName(stackName));
            }
        } catch (SdkException e) {
            log.warn("after a plan that ended unapplied, {} could not be cleaned up: {}", stackName, e.getMessage());
        }
    }

    /**
     * Deletes the change set of a plan another one superseded. Best effort: what AWS refuses here is logged, and must not
     * fail the plan that superseded it (its own change set would be cleaned up as a failure's).
     */
    static void deleteSuperseded(CloudFormationClient cloudFormation, String stackName, String changeSet) {
        try {
            deleteQuietly(cloudFormation, stackName, changeSet);
        } catch (SdkException e) {
            log.warn("the superseded change set {} of {} could not be deleted: {}", changeSet, stackName, e.getMessage());
        }
    }

    /** Deletes a change set; one already gone is the state wanted. */
    static void deleteQuietly(CloudFormationClient cloudFormation, String stackName, String changeSet) {
        try {
            cloudFormation.deleteChangeSet(r -> r.stackName(stackName).changeSetName(changeSet));
        } catch (ChangeSetNotFoundException gone) {
            // Already gone: the state wanted.
        }
    }
}
