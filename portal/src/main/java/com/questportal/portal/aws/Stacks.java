package com.questportal.portal.aws;

import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** What CloudFormation says about a stack by name. */
@Component
public class Stacks {

    private final AwsClients aws;

    Stacks(AwsClients aws) {
        this.aws = aws;
    }

    /**
     * The stack's status while it exists (anything but deleted), or empty when there is none. A failure to
     * ask is thrown: a caller that must know cannot take "unknown" for "gone".
     */
    public Optional<String> liveStatus(AwsClients.Target target, String stackName) {
        return describe(aws.cloudFormation(target), stackName).filter(stack -> stack.stackStatus() != StackStatus.DELETE_COMPLETE)
                .map(Stack::stackStatusAsString);
    }

    /**
     * The stack as CloudFormation describes it, or empty when it answers that there is no such stack. By id
     * (its ARN) a deleted stack is still described, as DELETE_COMPLETE; by name it is not.
     */
    public static Optional<Stack> describe(CloudFormationClient cloudFormation, String stackNameOrId) {
        try {
            return cloudFormation.describeStacks(r -> r.stackName(stackNameOrId)).stacks().stream().findFirst();
        } catch (CloudFormationException e) {
            if ("ValidationError".equals(e.awsErrorDetails().errorCode()) && e.awsErrorDetails().errorMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
