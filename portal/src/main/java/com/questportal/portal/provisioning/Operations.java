package com.questportal.portal.provisioning;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.aws.Stacks;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Starts the long operations on a stack — apply a reviewed plan, destroy — one at a time per
 * environment, each a row before its first AWS call; {@link OperationWatcher} follows them to the end.
 */
@Service
public class Operations {

    /** The settled states a stack takes a deploy in: up, after an update or after an update that rolled back. */
    private static final List<StackOperation.Type> IMAGE_TAG_CHANGES = Arrays.stream(StackOperation.Type.values())
            .filter(StackOperation.Type::changesImageTag).toList();
    private static final List<StackOperation.Type> DEPLOYS = Arrays.stream(StackOperation.Type.values())
            .filter(StackOperation.Type::isDeployment).toList();
    private static final java.util.Set<String> DEPLOYABLE = java.util.Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");

    private final OperationLedger ledger;
    private final StackPlanRepository plans;
    private final StackOperationRepository operations;
    private final EnvironmentDirectory environments;
    private final AwsClients aws;
    private final Stacks stacks;
    private final Planner planner;
    private final OperationWatcher watcher;
    private final Executor background;

    Operations(OperationLedger ledger, StackPlanRepository plans, StackOperationRepository operations, EnvironmentDirectory environments,
               AwsClients aws, Stacks stacks, Planner planner, OperationWatcher watcher,
               @Qualifier("provisioningExecutor") Executor background) {
        this.watcher = watcher;
        this.background = background;
        this.ledger = ledger;
        this.plans = plans;
        this.operations = operations;
        this.environments = environments;
        this.aws = aws;
        this.stacks = stacks;
        this.planner = planner;
    }

    /** Executes exactly the plan's change set, never a fresh diff. */
    public StackOperation apply(String environmentName, long planId, String by) {
        Environment environment = environment(environmentName);
        refuseWhileRunning(environmentName);
        StackPlan plan = plans.findByIdAndEnvironmentName(planId, environmentName).orElseThrow(() -> new ProvisioningRefused(
                ProvisioningRefused.Kind.NOT_FOUND, "There is no plan " + planId + " for " + environmentName + "."));
        String refusal = switch (plan.getStatus()) {
            case CREATING -> "This plan is still being made; apply it once it is ready.";
            case EMPTY -> "This plan has no changes; there is nothing to apply.";
            case FAILED -> "This plan failed (" + plan.getProblem() + "); make a new one.";
            case DISCARDED -> "This plan was discarded; make a new one.";
            case APPLIED -> "This plan was applied already; make a new one for further changes.";
            case SUPERSEDED -> "A newer plan replaced this one; review and apply the newest plan of " + environmentName + ".";
            case READY -> plan.getEnvironmentVersion() != environment.getVersion()
                    ? "The environment changed since this plan was made, so the plan has expired; make a new one." : null;
        };
        if (refusal != null) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, refusal);
        }
        refuseWhileInProgress(environment);
        CloudFormationClient cloudFormation = aws.cloudFormation(environment.awsTarget());
        refuseUnlessExecutable(cloudFormation, environment, plan);
        StackOperation operation = ledger.start(environmentName, StackOperation.Type.APPLY, planId, environment.getStackName(),
                (int) planner.changesOf(plan).size(), by);
        return handOver(operation, cloudFormation, "cloudformation:ExecuteChangeSet", () -> {
            cloudFormation.executeChangeSet(r -> r.stackName(environment.getStackName()).changeSetName(plan.getChangeSetId()));
            ledger.planStatus(planId, StackPlan.Status.APPLIED);
            // Executing one change set makes every other change set of the stack obsolete.
            plans.findByEnvironmentNameAndStatusAndIdNot(environmentName, StackPlan.Status.READY, planId)
                    .forEach(other -> ledger.planStatus(other.getId(), StackPlan.Status.SUPERSEDED));
        });
    }

    /**
     * A plan whose change set CloudFormation can no longer execute (another change set was executed, or it was deleted
     * outside the portal) is refused in words before any operation starts, and marked superseded.
     */
    private void refuseUnlessExecutable(CloudFormationClient cloudFormation, Environment environment, StackPlan plan) {
        String executable;
        try {
            executable = cloudFormation.describeChangeSet(r -> r.stackName(environment.getStackName()).changeSetName(plan.getChangeSetId()))
                    .executionStatusAsString();
        } catch (ChangeSetNotFoundException gone) {
            executable = "gone";
        } catch (SdkException e) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, AwsFailure.of(e, "cloudformation:DescribeChangeSet").message());
        }
        if (!"AVAILABLE".equals(executable)) {
            ledger.planStatus(plan.getId(), StackPlan.Status.SUPERSEDED);
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "CloudFormation can no longer execute this plan's change set ("
                    + ("gone".equals(executable) ? "it was deleted" : "it is " + executable)
                    + "): the stack changed since it was made. Make a new plan.");
        }
    }

    /**
     * Deploys an image tag (the caller has made sure the repository has it): one operation, started at once, whose change set
     * of the tag alone is made and executed in the background; the environment records the tag once the deploy succeeds.
     */
    public StackOperation deploy(String environmentName, String imageTag, String by) {
        return changeImageTag(environmentName, imageTag, by, StackOperation.Type.DEPLOY);
    }

    /** The same for a rollback: recorded as one, so that the history says so. */
    public StackOperation rollBack(String environmentName, String imageTag, String by) {
        return changeImageTag(environmentName, imageTag, by, StackOperation.Type.ROLLBACK);
    }

    /** The newest deploy or rollback of the environment that succeeded: what a rollback undoes. */
    @Transactional(readOnly = true)
    public Optional<StackOperation> lastSucceededDeploy(String environmentName) {
        return operations.findFirstByEnvironmentNameAndTypeInAndStatusOrderByIdDesc(environmentName, IMAGE_TAG_CHANGES,
                StackOperation.Status.SUCCEEDED);
    }

    /** The environment's deploys, rollbacks and redeploys, newest first. */
    @Transactional(readOnly = true)
    public Page<StackOperation> deploys(String environmentName, Pageable page) {
        return operations.findByEnvironmentNameAndTypeInOrderByIdDesc(environmentName, DEPLOYS, page);
    }

    private StackOperation changeImageTag(String environmentName, String imageTag, String by, StackOperation.Type type) {
        Environment environment = environment(environmentName);
        refuseWhileRunning(environmentName);
        CloudFormationClient cloudFormation = aws.cloudFormation(environment.awsTarget());
        Stack stack = deployableStack(cloudFormation, environment);
        String from = DeployChangeSet.currentTag(stack);
        if (imageTag.equals(from)) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "The stack runs " + imageTag + " already: there is nothing to"
                    + " deploy. To start new tasks of it (e.g. after the secret word changed), redeploy it.");
        }
        StackOperation operation = ledger.startDeploy(environmentName, type, environment.getStackName(), from, imageTag, by);
        ledger.handingOver(operation.getId(), true);
        background.execute(() -> makeAndExecute(operation, cloudFormation, stack, imageTag, by));
        return operation;
    }

    /**
     * Redeploys the tag the stack runs: new tasks of the same task definition (ECS UpdateService with forceNewDeployment), for
     * what the tasks read only at start, such as the secret word; the watcher follows the ECS deployment to its end.
     */
    public StackOperation redeploy(String environmentName, String by) {
        Environment environment = environment(environmentName);
        refuseWhileRunning(environmentName);
        Stack stack = deployableStack(aws.cloudFormation(environment.awsTarget()), environment);
        Map<String, String> outputs = new java.util.HashMap<>();
        stack.outputs().forEach(output -> outputs.put(output.outputKey(), output.outputValue()));
        String cluster = outputs.get("ClusterName");
        String service = outputs.get("ServiceName");
        if (cluster == null || service == null) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "The stack " + environment.getStackName()
                    + " does not name its ECS service in its outputs: apply its plan first.");
        }
        String tag = DeployChangeSet.currentTag(stack);
        StackOperation operation = ledger.startDeploy(environmentName, StackOperation.Type.REDEPLOY, environment.getStackName(), tag, tag,
                by);
        try {
            software.amazon.awssdk.services.ecs.model.Service updated = aws.ecs(environment.awsTarget()).updateService(r -> r
                    .cluster(cluster).service(service).forceNewDeployment(true)).service();
            String deployment = updated.deployments().stream().filter(found -> "PRIMARY".equals(found.status())).findFirst()
                    .map(software.amazon.awssdk.services.ecs.model.Deployment::id).orElse(null);
            ledger.ecsDeployment(operation.getId(), updated.serviceArn(), deployment);
            background.execute(() -> watcher.watchSoon(operation.getId()));
        } catch (SdkException e) {
            ledger.finish(operation.getId(), StackOperation.Status.FAILED, AwsFailure.of(e, "ecs:UpdateService").message());
        }
        return ledger.operation(operation.getId()).orElseThrow();
    }

    /** The environment's stack when it exists and is settled in a state that takes a deploy; refused in words otherwise. */
    private Stack deployableStack(CloudFormationClient cloudFormation, Environment environment) {
        Stack stack;
        try {
            stack = Stacks.describe(cloudFormation, environment.getStackName()).filter(found -> !found.stackStatusAsString()
                    .equals("DELETE_COMPLETE")).orElseThrow(() -> new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT,
                    "The environment " + environment.getName() + " has no stack to deploy to: apply its plan first."));
        } catch (SdkException e) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, AwsFailure.of(e, "cloudformation:DescribeStacks").message());
        }
        refuseWhileInProgress(stack.stackStatusAsString(), environment);
        if (!DEPLOYABLE.contains(stack.stackStatusAsString())) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "The stack " + environment.getStackName() + " is "
                    + stack.stackStatusAsString() + ": it cannot take a deploy. Apply a plan or destroy it first.");
        }
        return stack;
    }

    private void makeAndExecute(StackOperation operation, CloudFormationClient cloudFormation, Stack stack, String imageTag, String by) {
        String call = "cloudformation:CreateChangeSet";
        try {
            String what = operation.getType() == StackOperation.Type.ROLLBACK ? "rollback" : "deploy";
            DescribeChangeSetResponse made = DeployChangeSet.make(cloudFormation, stack, "quest-portal-" + what + "-" + operation.getId(),
                    imageTag, "Quest Portal " + what + " to " + imageTag + " (operation " + operation.getId() + ") by " + by);
            if (made.status() != ChangeSetStatus.CREATE_COMPLETE) {
                ledger.finish(operation.getId(), StackOperation.Status.FAILED, "CloudFormation could not make the deploy's change set: "
                        + (made.statusReason() == null ? made.statusAsString() : made.statusReason()));
                return;
            }
            call = "cloudformation:ExecuteChangeSet";
            baseline(cloudFormation, operation, stack.stackName());
            cloudFormation.executeChangeSet(r -> r.stackName(stack.stackName()).changeSetName(made.changeSetId()));
            background.execute(() -> watcher.watchSoon(operation.getId()));
        } catch (SdkException e) {
            ledger.finish(operation.getId(), StackOperation.Status.FAILED, AwsFailure.of(e, call).message());
        } finally {
            ledger.handingOver(operation.getId(), false);
        }
    }

    /** Deletes the environment's stack; the secret word goes once the stack is gone. */
    public StackOperation destroy(String environmentName, String confirmation, String by) {
        Environment environment = environment(environmentName);
        refuseWhileRunning(environmentName);
        if (!environmentName.equals(confirmation == null ? null : confirmation.trim())) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.INVALID,
                    "Type the environment's name, " + environmentName + ", to destroy its stack.");
        }
        Optional<String> status = liveStatus(environment);
        if (status.isEmpty()) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.NOT_FOUND, "There is no stack " + environment.getStackName()
                    + " to destroy.");
        }
        refuseWhileInProgress(status.get(), environment);
        CloudFormationClient cloudFormation = aws.cloudFormation(environment.awsTarget());
        int resources;
        try {
            resources = cloudFormation.listStackResourcesPaginator(r -> r.stackName(environment.getStackName())).stackResourceSummaries()
                    .stream().mapToInt(resource -> 1).sum();
        } catch (SdkException e) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, AwsFailure.of(e, "cloudformation:ListStackResources").message());
        }
        StackOperation operation = ledger.start(environmentName, StackOperation.Type.DESTROY, null, environment.getStackName(), resources, by);
        return handOver(operation, cloudFormation, "cloudformation:DeleteStack",
                () -> cloudFormation.deleteStack(r -> r.stackName(environment.getStackName())));
    }

    /**
     * Takes the stack's baseline, makes the call that starts the operation in CloudFormation and hands the
     * operation to the watcher; a refused call ends the operation failed, with the reason in words.
     */
    private StackOperation handOver(StackOperation operation, CloudFormationClient cloudFormation, String call, Runnable start) {
        ledger.handingOver(operation.getId(), true);
        try {
            baseline(cloudFormation, operation, operation.getStackName());
            start.run();
            background.execute(() -> watcher.watchSoon(operation.getId()));
        } catch (SdkException e) {
            ledger.finish(operation.getId(), StackOperation.Status.FAILED, AwsFailure.of(e, call).message());
        } finally {
            ledger.handingOver(operation.getId(), false);
        }
        return ledger.operation(operation.getId()).orElseThrow();
    }

    /** The stack's id and its newest event before this operation, so that the watcher shows only the operation's own events. */
    private void baseline(CloudFormationClient cloudFormation, StackOperation operation, String stackName) {
        Stacks.describe(cloudFormation, stackName).map(Stack::stackId).ifPresent(stackId -> {
            var newest = cloudFormation.describeStackEvents(r -> r.stackName(stackId)).stackEvents().stream().findFirst();
            ledger.baseline(operation.getId(), stackId, newest.map(event -> event.eventId()).orElse(null));
        });
    }

    /**
     * Ends, as FAILED, a running operation the watcher cannot end because AWS no longer knows it: the stack is gone or
     * settled without the operation's own events, or AWS refuses to answer about it (the account or its rights are gone).
     * Refused while CloudFormation says the stack is still in progress: that operation ends by itself.
     */
    public StackOperation end(long operationId, String by) {
        StackOperation operation = operations.findById(operationId).orElseThrow(() -> new ProvisioningRefused(
                ProvisioningRefused.Kind.NOT_FOUND, "There is no operation " + operationId + "."));
        if (!operation.isRunning()) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "This operation has ended already ("
                    + operation.getStatus().name().toLowerCase(java.util.Locale.ROOT) + ").");
        }
        String seen;
        Optional<Environment> environment = environments.find(operation.getEnvironmentName());
        if (environment.isEmpty()) {
            seen = "its environment's record is gone";
        } else {
            try {
                Optional<String> status = Stacks.describe(aws.cloudFormation(environment.get().awsTarget()), operation.getStackName())
                        .map(Stack::stackStatusAsString);
                if (status.isPresent() && status.get().endsWith("_IN_PROGRESS") && !status.get().equals("REVIEW_IN_PROGRESS")) {
                    throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "CloudFormation is still working on the stack ("
                            + status.get() + "); this operation ends by itself when the stack settles.");
                }
                seen = status.map(found -> "CloudFormation shows the stack " + found).orElse("CloudFormation no longer has the stack");
            } catch (SdkException e) {
                seen = "AWS did not answer about the stack (" + AwsFailure.of(e, "cloudformation:DescribeStacks").message() + ")";
            }
        }
        return ledger.finish(operationId, StackOperation.Status.FAILED, "Ended by " + by + ": " + seen + ", so the portal stopped"
                + " following it. Check the stack in AWS before the next operation.");
    }

    /** The friendly early answer; the unique active-operation row is what decides when two arrive at once. */
    void refuseWhileRunning(String environmentName) {
        operations.findByActiveEnvironment(environmentName).ifPresent(running -> {
            throw new OperationBusy(running);
        });
    }

    private void refuseWhileInProgress(Environment environment) {
        liveStatus(environment).ifPresent(status -> refuseWhileInProgress(status, environment));
    }

    private static void refuseWhileInProgress(String status, Environment environment) {
        if (status.endsWith("_IN_PROGRESS") && !status.equals("REVIEW_IN_PROGRESS")) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "The stack " + environment.getStackName() + " is " + status
                    + "; wait for it to settle.");
        }
    }

    private Optional<String> liveStatus(Environment environment) {
        try {
            return stacks.liveStatus(environment.awsTarget(), environment.getStackName());
        } catch (SdkException e) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, AwsFailure.of(e, "cloudformation:DescribeStacks").message());
        }
    }

    private Environment environment(String name) {
        return environments.find(name).orElseThrow(() -> new ProvisioningRefused(ProvisioningRefused.Kind.NOT_FOUND,
                "There is no environment named " + name + "."));
    }

    @Transactional(readOnly = true)
    public Optional<StackOperation> find(long id) {
        return operations.findById(id);
    }

    @Transactional(readOnly = true)
    public Optional<StackOperation> running(String environmentName) {
        return operations.findByActiveEnvironment(environmentName);
    }

    @Transactional(readOnly = true)
    public List<StackOperation> recent(String environmentName) {
        return operations.findTop10ByEnvironmentNameOrderByIdDesc(environmentName);
    }

    public List<StackEventRecord> events(long operationId) {
        return ledger.events(operationId);
    }
}
