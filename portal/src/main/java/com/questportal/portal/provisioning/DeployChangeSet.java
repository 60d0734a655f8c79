package com.questportal.portal.provisioning;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * A deploy's change set: the stack's own template and every parameter as it stands, but {@code ImageTag}. CloudFormation stays
 * the one source of truth for the stack, and a deploy cannot carry along an edit nobody reviewed as a plan.
 */
final class DeployChangeSet {

    static final String IMAGE_TAG = "ImageTag";
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private DeployChangeSet() {
    }

    /** The tag the stack runs now, from its parameters. */
    static String currentTag(Stack stack) {
        return stack.parameters().stream().filter(parameter -> IMAGE_TAG.equals(parameter.parameterKey())).findFirst()
                .map(Parameter::parameterValue).orElse(null);
    }

    /** Makes the change set and waits until CloudFormation has it ready (or failed); its answer, with the reason when it failed. */
    static DescribeChangeSetResponse make(CloudFormationClient cloudFormation, Stack stack, String changeSetName, String tag, String why) {
        List<Parameter> parameters = stack.parameters().stream()
                .map(parameter -> IMAGE_TAG.equals(parameter.parameterKey())
                        ? Parameter.builder().parameterKey(IMAGE_TAG).parameterValue(tag).build()
                        : Parameter.builder().parameterKey(parameter.parameterKey()).usePreviousValue(true).build())
                .toList();
        String id = cloudFormation.createChangeSet(r -> r.stackName(stack.stackName()).changeSetName(changeSetName)
                .changeSetType(ChangeSetType.UPDATE).usePreviousTemplate(true).capabilities(Capability.CAPABILITY_NAMED_IAM)
                .description(why).parameters(parameters)).id();
        return CloudFormationWait.until(() -> cloudFormation.describeChangeSet(r -> r.stackName(stack.stackName()).changeSetName(id)),
                described -> described.status() == ChangeSetStatus.CREATE_COMPLETE || described.status() == ChangeSetStatus.FAILED,
                PATIENCE);
    }
}
