package com.questportal.portal.provisioning;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.aws.Stacks;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.system.BackgroundLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes plans: from an environment's record, a CloudFormation change set (CREATE for a new stack,
 * UPDATE otherwise) over the packaged template, then — in the background, as CloudFormation takes
 * its time — what it would change, resource by resource, and which parameters change.
 */
@Service
public class Planner {

    private static final Logger log = LoggerFactory.getLogger(Planner.class);
    private static final Duration CHANGE_SET_PATIENCE = Duration.ofMinutes(5);

    private final StackPlanRepository plans;
    private final EnvironmentDirectory environments;
    private final AwsClients aws;
    private final Stacks stacks;
    private final QuestTemplate template;
    private final JsonMapper json;
    private final Executor background;
    private final OperationLedger ledger;
    /** How long a plan may be CREATING before it counts as interrupted; beyond the change-set wait of the thread making it. */
    private final Duration patience;
    private final BackgroundLease lease;

    Planner(StackPlanRepository plans, EnvironmentDirectory environments, AwsClients aws, Stacks stacks, QuestTemplate template,
            JsonMapper json, @Qualifier("provisioningExecutor") Executor background, OperationLedger ledger,
            @Value("${portal.provisioning.plan-patience:PT10M}") Duration patience, BackgroundLease lease) {
        this.lease = lease;
        this.patience = patience;
        this.plans = plans;
        this.environments = environments;
        this.aws = aws;
        this.stacks = stacks;
        this.template = template;
        this.json = json;
        this.background = background;
        this.ledger = ledger;
    }

    /** Starts a plan; it is {@code CREATING} until CloudFormation has made the change set. */
    public StackPlan plan(String environmentName, String by) {
        Environment environment = environments.find(environmentName).orElseThrow(() -> new ProvisioningRefused(
                ProvisioningRefused.Kind.NOT_FOUND, "There is no environment named " + environmentName + "."));
        Optional<Boolean> secretWord = environments.secretWordSet(environment);
        if (secretWord.isEmpty()) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, "SSM could not be asked whether the secret word is set; try again.");
        }
        if (!secretWord.get()) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT,
                    "Set the environment's secret word first: the stack's tasks read it from SSM at " + environment.getSecretWordParameter() + ".");
        }
        String type = changeSetType(environment);
        String changeSetName = "quest-portal-plan-" + java.util.UUID.randomUUID().toString().substring(0, 13);
        StackPlan plan = plans.save(new StackPlan(environmentName, environment.getVersion(), type, changeSetName, by, ledger.now()));
        background.execute(() -> prepare(plan.getId(), changeSetName, environment, by));
        return plan;
    }

    private String changeSetType(Environment environment) {
        Optional<String> status;
        try {
            status = stacks.liveStatus(environment.awsTarget(), environment.getStackName());
        } catch (SdkException e) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, AwsFailure.of(e, "cloudformation:DescribeStacks").message());
        }
        if (status.isEmpty() || status.get().equals("REVIEW_IN_PROGRESS")) {
            return "CREATE";
        }
        if (status.get().equals("ROLLBACK_COMPLETE") || status.get().equals("ROLLBACK_FAILED")) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "The stack " + environment.getStackName() + " is " + status.get()
                    + ": its creation failed and CloudFormation cannot update it. Destroy it, then plan again.");
        }
        if (status.get().endsWith("_IN_PROGRESS")) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "The stack " + environment.getStackName() + " is "
                    + status.get() + "; plan again when it has settled.");
        }
        return "UPDATE";
    }

    private void prepare(Long planId, String changeSetName, Environment environment, String by) {
        CloudFormationClient cloudFormation = aws.cloudFormation(environment.awsTarget());
        String stackName = environment.getStackName();
        StackPlan plan = plans.findById(planId).orElseThrow();
        // The call under way, named in the plan's failure: a refused DescribeChangeSet is not "CreateChangeSet failed".
        String call = "cloudformation:CreateChangeSet";
        String changeSetId = null;
        try {
            Map<String, String> parameters = StackParameters.of(environment);
            changeSetId = cloudFormation.createChangeSet(r -> r.stackName(stackName).changeSetName(changeSetName)
                    .changeSetType(plan.getChangeSetType()).templateBody(template.body())
                    .capabilities(Capability.CAPABILITY_NAMED_IAM)
                    .description("Quest Portal plan " + planId + " by " + by)
                    .parameters(parameters.entrySet().stream()
                            .map(entry -> Parameter.builder().parameterKey(entry.getKey()).parameterValue(entry.getValue()).build()).toList()))
                    .id();
            call = "cloudformation:DescribeChangeSet";
            DescribeChangeSetResponse made = awaitChangeSet(cloudFormation, stackName, changeSetId);
            if (made.status() == ChangeSetStatus.FAILED) {
                String reason = made.statusReason() == null ? "" : made.statusReason();
                if (reason.contains("didn't contain changes") || reason.contains("No updates are to be performed")) {
                    ChangeSetCleanup.deleteQuietly(cloudFormation, stackName, changeSetId);
                    made(cloudFormation, stackName, planId, changeSetId, StackPlan.Status.EMPTY, List.of(), List.of());
                } else {
                    failed(planId, "CloudFormation could not make the change set: " + reason);
                    ChangeSetCleanup.afterFailure(cloudFormation, stackName, plan.getChangeSetType(), changeSetId);
                }
                return;
            }
            List<PlannedChange> changes = changes(cloudFormation, stackName, changeSetId, made);
            call = "cloudformation:DescribeStacks";
            made(cloudFormation, stackName, planId, changeSetId, StackPlan.Status.READY, changes,
                    parameterChanges(cloudFormation, environment, plan.getChangeSetType(), made.parameters()));
        } catch (SdkException e) {
            log.warn("plan {} of {} failed at {}: {}", planId, environment.getName(), call, e.getMessage());
            failed(planId, AwsFailure.of(e, call).message());
            ChangeSetCleanup.afterFailure(cloudFormation, stackName, plan.getChangeSetType(), changeSetId);
        }
    }

    /**
     * Every change-set call names the stack as well as the change set, as AWS's documentation asks (another
     * AWS-compatible endpoint may require it even where AWS takes the change set's ARN alone).
     */
    private static DescribeChangeSetResponse awaitChangeSet(CloudFormationClient cloudFormation, String stackName, String changeSetId) {
        return CloudFormationWait.until(() -> cloudFormation.describeChangeSet(r -> r.stackName(stackName).changeSetName(changeSetId)),
                described -> described.status() == ChangeSetStatus.CREATE_COMPLETE || described.status() == ChangeSetStatus.FAILED,
                CHANGE_SET_PATIENCE);
    }

    private static List<PlannedChange> changes(CloudFormationClient cloudFormation, String stackName, String changeSetId,
                                               DescribeChangeSetResponse first) {
        List<PlannedChange> changes = new ArrayList<>();
        DescribeChangeSetResponse page = first;
        while (true) {
            page.changes().forEach(change -> {
                var resource = change.resourceChange();
                List<String> causes = resource.details().stream().map(Planner::cause).distinct().toList();
                changes.add(PlannedChange.of(resource.actionAsString(), resource.logicalResourceId(), resource.resourceType(),
                        resource.replacementAsString(), causes));
            });
            String next = page.nextToken();
            if (next == null) {
                return changes;
            }
            page = cloudFormation.describeChangeSet(r -> r.stackName(stackName).changeSetName(changeSetId).nextToken(next));
        }
    }

    private static String cause(ResourceChangeDetail detail) {
        var target = detail.target();
        String what = target == null ? "" : target.name() != null ? target.name() : target.attributeAsString();
        return (what == null ? "" : what) + (detail.causingEntity() != null ? " (from " + detail.causingEntity() + ")" : "");
    }

    private static List<ParameterChange> parameterChanges(CloudFormationClient cloudFormation, Environment environment, String type,
                                                          List<Parameter> planned) {
        Map<String, String> before = new LinkedHashMap<>();
        if (type.equals("UPDATE")) {
            cloudFormation.describeStacks(r -> r.stackName(environment.getStackName())).stacks().stream().findFirst()
                    .ifPresent(stack -> stack.parameters().forEach(p -> before.put(p.parameterKey(), p.parameterValue())));
        }
        List<ParameterChange> changed = new ArrayList<>();
        for (Parameter parameter : planned) {
            String old = before.get(parameter.parameterKey());
            String now = parameter.parameterValue();
            if (!java.util.Objects.equals(old, now)) {
                boolean secret = "****".equals(now) || "****".equals(old);
                changed.add(new ParameterChange(parameter.parameterKey(), secret && old != null ? "****" : old, secret ? "****" : now));
            }
        }
        return changed;
    }

    /**
     * Throws the plan away: its change set is deleted, and it can no longer be applied. A plan still being made can be
     * thrown away once it is past {@code portal.provisioning.plan-patience}: it was interrupted.
     */
    public StackPlan discard(String environmentName, long planId) {
        StackPlan plan = plans.findByIdAndEnvironmentName(planId, environmentName).orElseThrow(() -> new ProvisioningRefused(
                ProvisioningRefused.Kind.NOT_FOUND, "There is no plan " + planId + " for " + environmentName + "."));
        boolean interrupted = plan.interrupted(ledger.now(), patience);
        if (plan.getStatus() == StackPlan.Status.APPLIED || plan.getStatus() == StackPlan.Status.CREATING && !interrupted) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, plan.getStatus() == StackPlan.Status.APPLIED
                    ? "This plan was applied; there is nothing to discard."
                    : "This plan is still being made; discard it once it is ready (a plan not made within " + minutes(patience)
                            + " ends as interrupted).");
        }
        Environment environment = environments.find(environmentName).orElseThrow();
        CloudFormationClient cloudFormation = aws.cloudFormation(environment.awsTarget());
        if (interrupted) {
            ChangeSetCleanup.afterFailure(cloudFormation, environment.getStackName(), plan.getChangeSetType(), plan.getChangeSetName());
        } else if (plan.getChangeSetId() != null) {
            ChangeSetCleanup.deleteQuietly(cloudFormation, environment.getStackName(), plan.getChangeSetId());
        }
        ledger.planStatus(planId, StackPlan.Status.DISCARDED);
        return plans.findById(planId).orElseThrow();
    }

    /**
     * Ends the plans still being made past their patience as FAILED: the portal that was making them stopped (the
     * work is in memory), or CloudFormation never finished. What they may have made in CloudFormation goes.
     */
    @Scheduled(initialDelayString = "${portal.provisioning.plan-sweep-interval:PT30S}",
            fixedDelayString = "${portal.provisioning.plan-sweep-interval:PT30S}")
    void endInterruptedPlans() {
        if (!lease.held()) {
            return;
        }
        for (StackPlan plan : plans.findByStatusAndCreatedAtBefore(StackPlan.Status.CREATING, ledger.now().minus(patience))) {
            failed(plan.getId(), "This plan was interrupted: it was not made within " + minutes(patience)
                    + " (the portal stopped while making it, or CloudFormation did not finish). Make a new one.");
            environments.find(plan.getEnvironmentName()).ifPresent(environment -> ChangeSetCleanup.afterFailure(
                    aws.cloudFormation(environment.awsTarget()), environment.getStackName(), plan.getChangeSetType(), plan.getChangeSetName()));
            log.warn("event=plan_interrupted plan={} environment={}", plan.getId(), plan.getEnvironmentName());
        }
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() >= 1 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }

    @Transactional(readOnly = true)
    public Optional<StackPlan> find(String environmentName, long planId) {
        return plans.findByIdAndEnvironmentName(planId, environmentName);
    }

    @Transactional(readOnly = true)
    public List<StackPlan> recent(String environmentName) {
        return plans.findTop5ByEnvironmentNameOrderByIdDesc(environmentName);
    }

    public List<PlannedChange> changesOf(StackPlan plan) {
        return plan.getChanges() == null ? List.of() : json.readValue(plan.getChanges(), new TypeReference<List<PlannedChange>>() { });
    }

    public List<ParameterChange> parameterChangesOf(StackPlan plan) {
        return plan.getParameterChanges() == null ? List.of()
                : json.readValue(plan.getParameterChanges(), new TypeReference<List<ParameterChange>>() { });
    }

    /**
     * Records what CloudFormation made. A ready plan supersedes the environment's older ready plans (only the newest
     * review is applied), and their change sets go. A plan that was meanwhile ended as interrupted stays ended, and the
     * change set made too late goes.
     */
    private void made(CloudFormationClient cloudFormation, String stackName, Long planId, String changeSetId, StackPlan.Status status,
                      List<PlannedChange> changes, List<ParameterChange> parameters) {
        StackPlan plan = plans.findById(planId).orElseThrow();
        if (plan.getStatus() != StackPlan.Status.CREATING) {
            ChangeSetCleanup.deleteQuietly(cloudFormation, stackName, changeSetId);
            return;
        }
        plan.made(changeSetId, status, json.writeValueAsString(changes), json.writeValueAsString(parameters), ledger.now());
        plans.save(plan);
        if (status == StackPlan.Status.READY) {
            for (StackPlan older : plans.findByEnvironmentNameAndStatusAndIdNot(plan.getEnvironmentName(), StackPlan.Status.READY, planId)) {
                if (older.getId() < planId) {
                    ledger.planStatus(older.getId(), StackPlan.Status.SUPERSEDED);
                    ChangeSetCleanup.deleteSuperseded(cloudFormation, stackName, older.getChangeSetId());
                }
            }
        }
    }

    private void failed(Long planId, String why) {
        plans.findById(planId).filter(plan -> plan.getStatus() == StackPlan.Status.CREATING).ifPresent(plan -> {
            plan.failed(why, ledger.now());
            plans.save(plan);
        });
    }
}
