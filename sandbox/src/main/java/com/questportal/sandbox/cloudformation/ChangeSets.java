package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Validation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecuteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.ExecuteChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ListChangeSetsRequest;
import software.amazon.awssdk.services.cloudformation.model.ListChangeSetsResponse;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.ResourceTargetDefinition;

/**
 * Change sets: a plan of what a template and parameters would do to a stack, reviewed, then
 * executed exactly as planned (the stored template and parameters, never a fresh diff).
 */
final class ChangeSets {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]*");
    private static final String NO_CHANGES = "The submitted information didn't contain changes. Submit different information to "
            + "create a change set.";

    private final StackStore store;
    private final StackRunner runner;
    private final Stacks stacks;
    private final ChangePlanner planner;
    private final Clock clock;

    ChangeSets(StackStore store, StackRunner runner, Stacks stacks, ChangePlanner planner, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.stacks = stacks;
        this.planner = planner;
        this.clock = clock;
    }

    CreateChangeSetResponse create(CreateChangeSetRequest request, CallContext caller) {
        Validation.query().required("stackName", request.stackName()).pattern("stackName", request.stackName(), NAME)
                .required("changeSetName", request.changeSetName()).length("changeSetName", request.changeSetName(), 1, 128)
                .pattern("changeSetName", request.changeSetName(), NAME).check();
        boolean creating = "CREATE".equals(request.changeSetTypeAsString());
        StackState existing = store.find(caller.accountId(), caller.region(), request.stackName()).orElse(null);
        if (creating && existing != null && !"REVIEW_IN_PROGRESS".equals(existing.status)) {
            throw AwsServiceException.badRequest("ValidationError", "Stack [" + request.stackName()
                    + "] already exists and cannot be created again with the changeSet [" + request.changeSetName() + "].");
        }
        if (!creating && (existing == null || "REVIEW_IN_PROGRESS".equals(existing.status))) {
            throw AwsServiceException.badRequest("ValidationError", "Stack [" + request.stackName() + "] does not exist");
        }
        if (existing != null && existing.changeSets.containsKey(request.changeSetName())) {
            throw AwsServiceException.badRequest("AlreadyExistsException", "ChangeSet [" + request.changeSetName() + "] already exists");
        }
        if (!creating && existing.isInProgress()) {
            throw AwsServiceException.badRequest("ValidationError",
                    "Stack:" + existing.stackId + " is in " + existing.status + " state and can not be updated.");
        }
        String body = Boolean.TRUE.equals(request.usePreviousTemplate()) && existing != null ? existing.templateBody : request.templateBody();
        Template template = stacks.checkedTemplate(body, request.templateURL());
        StackState stack = existing != null ? existing : new StackState("arn:aws:cloudformation:" + caller.region() + ":"
                + caller.accountId() + ":stack/" + request.stackName() + "/" + UUID.randomUUID(), request.stackName(), clock.instant());
        Set<String> keep = new LinkedHashSet<>();
        request.parameters().stream().filter(p -> Boolean.TRUE.equals(p.usePreviousValue())).forEach(p -> keep.add(p.parameterKey()));
        Map<String, String> parameters = ParameterValues.resolve(template, Stacks.given(request.parameters()),
                stack.parameters == null ? Map.of() : stack.parameters, keep, Stacks.pseudo(caller, stack));
        Stacks.checkCapabilities(template, request.capabilitiesAsStrings());

        ChangeSetState changeSet = new ChangeSetState("arn:aws:cloudformation:" + caller.region() + ":" + caller.accountId()
                + ":changeSet/" + request.changeSetName() + "/" + UUID.randomUUID(), request.changeSetName(),
                creating ? "CREATE" : "UPDATE", request.description(), body, parameters, List.copyOf(request.capabilitiesAsStrings()),
                clock.instant());
        synchronized (stack) {
            changeSet.changes.addAll(planner.plan(template, parameters, stack.parameters == null ? Map.of() : stack.parameters,
                    Stacks.pseudo(caller, stack), stack.resources, exportName -> null));
            boolean unchanged = changeSet.changes.isEmpty() && !creating && Objects.equals(body, stack.templateBody)
                    && parameters.equals(stack.parameters);
            changeSet.status = unchanged || (changeSet.changes.isEmpty() && !creating) ? "FAILED" : "CREATE_COMPLETE";
            changeSet.statusReason = "FAILED".equals(changeSet.status) ? NO_CHANGES : null;
            changeSet.executionStatus = "FAILED".equals(changeSet.status) ? "UNAVAILABLE" : "AVAILABLE";
            stack.changeSets.put(changeSet.name, changeSet);
        }
        if (existing == null) {
            stack.parameters = Map.of();
            stack.capabilities = List.of();
            stack.status = "REVIEW_IN_PROGRESS";
            store.add(caller.accountId(), caller.region(), stack);
            runner.review(new StackRunner.Run(caller.accountId(), caller.region(), stack));
        } else {
            store.save(caller.accountId(), caller.region());
        }
        return CreateChangeSetResponse.builder().id(changeSet.id).stackId(stack.stackId).build();
    }

    DescribeChangeSetResponse describe(DescribeChangeSetRequest request, CallContext caller) {
        Located located = locate(caller, request.stackName(), request.changeSetName());
        StackState stack = located.stack();
        ChangeSetState changeSet = located.changeSet();
        synchronized (stack) {
            settle(stack, changeSet);
            Template template = Template.parse(changeSet.templateBody);
            List<Change> changes = changeSet.changes.stream().map(change -> Change.builder().type("Resource")
                    .resourceChange(ResourceChange.builder().action(change.action()).logicalResourceId(change.logicalId())
                            .physicalResourceId(change.physicalId()).resourceType(change.type()).replacement(change.replacement())
                            .scopeWithStrings(change.details().isEmpty() ? List.of() : List.of("Properties"))
                            .details(change.details().stream().map(detail -> ResourceChangeDetail.builder()
                                    .target(ResourceTargetDefinition.builder().attribute("Properties").name((String) detail.get("name"))
                                            .requiresRecreation((String) detail.get("requiresRecreation")).build())
                                    .evaluation((String) detail.get("evaluation"))
                                    .changeSource((String) detail.getOrDefault("changeSource", "DirectModification"))
                                    .causingEntity((String) detail.get("causingEntity")).build()).toList())
                            .build()).build()).toList();
            return DescribeChangeSetResponse.builder().changeSetId(changeSet.id).changeSetName(changeSet.name)
                    .stackId(stack.stackId).stackName(stack.stackName).description(changeSet.description)
                    .parameters(Stacks.shown(template, changeSet.parameters)).creationTime(changeSet.created)
                    .executionStatus(changeSet.executionStatus).status(changeSet.status).statusReason(changeSet.statusReason)
                    .capabilitiesWithStrings(changeSet.capabilities).changes(changes).build();
        }
    }

    ExecuteChangeSetResponse execute(ExecuteChangeSetRequest request, CallContext caller) {
        Located located = locate(caller, request.stackName(), request.changeSetName());
        StackState stack = located.stack();
        ChangeSetState changeSet = located.changeSet();
        StackRunner.Run run = new StackRunner.Run(caller.accountId(), caller.region(), stack);
        synchronized (stack) {
            settle(stack, changeSet);
            boolean stackBusy = stack.isInProgress() && !stack.status.equals("REVIEW_IN_PROGRESS");
            if (!"AVAILABLE".equals(changeSet.executionStatus) || stackBusy) {
                throw AwsServiceException.badRequest("InvalidChangeSetStatus", "ChangeSet [" + changeSet.id
                        + "] cannot be executed in its current execution status of [" + changeSet.executionStatus + "]"
                        + (stackBusy ? " while the stack is in " + stack.status : ""));
            }
            changeSet.executionStatus = "EXECUTE_IN_PROGRESS";
            stack.changeSets.values().stream().filter(other -> other != changeSet && "AVAILABLE".equals(other.executionStatus))
                    .forEach(other -> other.executionStatus = "OBSOLETE");
            stack.cancelRequested = false;
            if (changeSet.type.equals("CREATE")) {
                stack.templateBody = changeSet.templateBody;
                stack.parameters = changeSet.parameters;
                stack.capabilities = changeSet.capabilities;
                stack.status = "CREATE_IN_PROGRESS";
            } else {
                stack.status = "UPDATE_IN_PROGRESS";
            }
        }
        Template template = Template.parse(changeSet.templateBody);
        if (changeSet.type.equals("CREATE")) {
            runner.create(run, template);
        } else {
            runner.update(run, template, changeSet.templateBody, changeSet.parameters);
        }
        return ExecuteChangeSetResponse.builder().build();
    }

    DeleteChangeSetResponse delete(DeleteChangeSetRequest request, CallContext caller) {
        Located located = locate(caller, request.stackName(), request.changeSetName());
        synchronized (located.stack()) {
            settle(located.stack(), located.changeSet());
            if ("EXECUTE_IN_PROGRESS".equals(located.changeSet().executionStatus)) {
                throw AwsServiceException.badRequest("InvalidChangeSetStatus", "ChangeSet [" + located.changeSet().id
                        + "] cannot be deleted in its current status of [EXECUTE_IN_PROGRESS]");
            }
            located.stack().changeSets.remove(located.changeSet().name);
        }
        store.save(caller.accountId(), caller.region());
        return DeleteChangeSetResponse.builder().build();
    }

    ListChangeSetsResponse list(ListChangeSetsRequest request, CallContext caller) {
        StackState stack = stacks.existing(caller, request.stackName());
        List<ChangeSetSummary> summaries = new ArrayList<>();
        synchronized (stack) {
            stack.changeSets.values().forEach(changeSet -> {
                settle(stack, changeSet);
                summaries.add(ChangeSetSummary.builder().stackId(stack.stackId).stackName(stack.stackName)
                        .changeSetId(changeSet.id).changeSetName(changeSet.name).executionStatus(changeSet.executionStatus)
                        .status(changeSet.status).statusReason(changeSet.statusReason).creationTime(changeSet.created)
                        .description(changeSet.description).build());
            });
        }
        return ListChangeSetsResponse.builder().summaries(summaries).build();
    }

    /** An executed change set's outcome is its stack operation's outcome. */
    private static void settle(StackState stack, ChangeSetState changeSet) {
        if ("EXECUTE_IN_PROGRESS".equals(changeSet.executionStatus) && !stack.isInProgress()) {
            changeSet.executionStatus = stack.status.contains("ROLLBACK") || stack.status.endsWith("FAILED")
                    ? "EXECUTE_FAILED" : "EXECUTE_COMPLETE";
        }
    }

    private record Located(StackState stack, ChangeSetState changeSet) {
    }

    private Located locate(CallContext caller, String stackName, String changeSetName) {
        Validation.query().required("changeSetName", changeSetName).check();
        List<StackState> candidates = stackName != null
                ? store.find(caller.accountId(), caller.region(), stackName).map(List::of).orElse(List.of())
                : store.all(caller.accountId(), caller.region());
        for (StackState stack : candidates) {
            synchronized (stack) {
                for (ChangeSetState changeSet : stack.changeSets.values()) {
                    if (changeSet.name.equals(changeSetName) || changeSet.id.equals(changeSetName)) {
                        return new Located(stack, changeSet);
                    }
                }
            }
        }
        throw new AwsServiceException("ChangeSetNotFound", "ChangeSet [" + changeSetName + "] does not exist", 404);
    }
}
