package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudformation.model.CancelUpdateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.CancelUpdateStackResponse;
import software.amazon.awssdk.services.cloudformation.model.CreateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackDriftInformation;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.UpdateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.UpdateStackResponse;

/** The stack operations of CloudFormation's API: checks in the request thread, work in the {@link StackRunner}. */
final class Stacks {

    private static final Pattern STACK_NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]*");
    private static final int EVENT_PAGE = 100;
    private static final int RESOURCE_PAGE = 100;

    private final StackStore store;
    private final StackRunner runner;
    private final Set<String> supportedTypes;
    private final Clock clock;

    Stacks(StackStore store, StackRunner runner, Set<String> supportedTypes, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.supportedTypes = supportedTypes;
        this.clock = clock;
    }

    CreateStackResponse create(CreateStackRequest request, CallContext caller) {
        Validation.query().required("stackName", request.stackName()).length("stackName", request.stackName(), 1, 128)
                .pattern("stackName", request.stackName(), STACK_NAME).check();
        Template template = checkedTemplate(request.templateBody(), request.templateURL());
        if (store.find(caller.accountId(), caller.region(), request.stackName()).isPresent()) {
            throw AwsServiceException.badRequest("AlreadyExistsException", "Stack [" + request.stackName() + "] already exists");
        }
        String stackId = "arn:aws:cloudformation:" + caller.region() + ":" + caller.accountId() + ":stack/" + request.stackName()
                + "/" + UUID.randomUUID();
        StackState stack = new StackState(stackId, request.stackName(), clock.instant());
        Map<String, String> parameters = ParameterValues.resolve(template, given(request.parameters()), Map.of(), Set.of(),
                pseudo(caller, stack));
        checkCapabilities(template, request.capabilitiesAsStrings());
        stack.templateBody = request.templateBody();
        stack.parameters = parameters;
        stack.capabilities = List.copyOf(request.capabilitiesAsStrings());
        stack.status = "CREATE_IN_PROGRESS";
        store.add(caller.accountId(), caller.region(), stack);
        runner.create(new StackRunner.Run(caller.accountId(), caller.region(), stack), template);
        return CreateStackResponse.builder().stackId(stackId).build();
    }

    UpdateStackResponse update(UpdateStackRequest request, CallContext caller) {
        StackState stack = existing(caller, request.stackName());
        String body;
        synchronized (stack) {
            if (stack.isInProgress() || stack.status.equals("ROLLBACK_COMPLETE") || stack.status.endsWith("_FAILED")) {
                throw AwsServiceException.badRequest("ValidationError",
                        "Stack:" + stack.stackId + " is in " + stack.status + " state and can not be updated.");
            }
            body = Boolean.TRUE.equals(request.usePreviousTemplate()) ? stack.templateBody : request.templateBody();
        }
        if (Boolean.TRUE.equals(request.usePreviousTemplate()) && request.templateBody() != null) {
            throw AwsServiceException.badRequest("ValidationError", "You cannot specify both usePreviousTemplate and Template Body");
        }
        Template template = checkedTemplate(body, request.templateURL());
        Set<String> keep = new LinkedHashSet<>();
        request.parameters().stream().filter(p -> Boolean.TRUE.equals(p.usePreviousValue())).forEach(p -> keep.add(p.parameterKey()));
        Map<String, String> parameters = ParameterValues.resolve(template, given(request.parameters()), stack.parameters, keep,
                pseudo(caller, stack));
        checkCapabilities(template, request.capabilitiesAsStrings());
        synchronized (stack) {
            if (body.equals(stack.templateBody) && parameters.equals(stack.parameters)) {
                throw AwsServiceException.badRequest("ValidationError", "No updates are to be performed.");
            }
            stack.status = "UPDATE_IN_PROGRESS";
            stack.cancelRequested = false;
        }
        runner.update(new StackRunner.Run(caller.accountId(), caller.region(), stack), template, body, parameters);
        return UpdateStackResponse.builder().stackId(stack.stackId).build();
    }

    DeleteStackResponse delete(DeleteStackRequest request, CallContext caller) {
        Validation.query().required("stackName", request.stackName()).check();
        store.find(caller.accountId(), caller.region(), request.stackName()).filter(stack -> stack.deleted == null).ifPresent(stack -> {
            synchronized (stack) {
                if (stack.status.equals("DELETE_IN_PROGRESS")) {
                    return;
                }
                if (stack.isInProgress() && !stack.status.equals("REVIEW_IN_PROGRESS")) {
                    throw AwsServiceException.badRequest("ValidationError",
                            "Stack [" + stack.stackName + "] cannot be deleted while in status " + stack.status);
                }
                stack.status = "DELETE_IN_PROGRESS";
            }
            runner.delete(new StackRunner.Run(caller.accountId(), caller.region(), stack));
        });
        return DeleteStackResponse.builder().build();
    }

    CancelUpdateStackResponse cancelUpdate(CancelUpdateStackRequest request, CallContext caller) {
        StackState stack = existing(caller, request.stackName());
        synchronized (stack) {
            if (!stack.status.equals("UPDATE_IN_PROGRESS")) {
                throw AwsServiceException.badRequest("ValidationError", "CancelUpdateStack cannot be called from current stack status");
            }
            stack.cancelRequested = true;
        }
        return CancelUpdateStackResponse.builder().build();
    }

    DescribeStacksResponse describe(DescribeStacksRequest request, CallContext caller) {
        List<StackState> stacks = request.stackName() != null
                ? List.of(existing(caller, request.stackName()))
                : store.all(caller.accountId(), caller.region()).stream().filter(stack -> stack.deleted == null).toList();
        return DescribeStacksResponse.builder().stacks(stacks.stream().map(Stacks::toStack).toList()).build();
    }

    DescribeStackEventsResponse events(DescribeStackEventsRequest request, CallContext caller) {
        StackState stack = existing(caller, request.stackName());
        List<StackState.Event> newestFirst;
        synchronized (stack) {
            newestFirst = new ArrayList<>(stack.events);
        }
        Collections.reverse(newestFirst);
        int start = Paging.start(request.nextToken(), newestFirst.size(), "ValidationError", "Invalid NextToken");
        List<StackEvent> page = newestFirst.subList(start, Math.min(newestFirst.size(), start + EVENT_PAGE)).stream()
                .map(event -> StackEvent.builder().stackId(stack.stackId).stackName(stack.stackName).eventId(event.eventId())
                        .logicalResourceId(event.logicalId()).physicalResourceId(event.physicalId()).resourceType(event.type())
                        .resourceStatus(event.status()).resourceStatusReason(event.reason()).timestamp(event.timestamp()).build())
                .toList();
        return DescribeStackEventsResponse.builder().stackEvents(page).nextToken(Paging.next(start, EVENT_PAGE, newestFirst.size())).build();
    }

    DescribeStackResourcesResponse resources(DescribeStackResourcesRequest request, CallContext caller) {
        StackState stack = existing(caller, request.stackName());
        synchronized (stack) {
            return DescribeStackResourcesResponse.builder().stackResources(stack.resources.values().stream()
                    .filter(resource -> request.logicalResourceId() == null || request.logicalResourceId().equals(resource.logicalId))
                    .map(resource -> StackResource.builder().stackId(stack.stackId).stackName(stack.stackName)
                            .logicalResourceId(resource.logicalId).physicalResourceId(resource.physicalId)
                            .resourceType(resource.type).resourceStatus(resource.status).resourceStatusReason(resource.reason)
                            .timestamp(resource.updated).build())
                    .toList()).build();
        }
    }

    ListStackResourcesResponse listResources(ListStackResourcesRequest request, CallContext caller) {
        StackState stack = existing(caller, request.stackName());
        List<StackResourceState> all;
        synchronized (stack) {
            all = new ArrayList<>(stack.resources.values());
        }
        int start = Paging.start(request.nextToken(), all.size(), "ValidationError", "Invalid NextToken");
        List<StackResourceSummary> page = all.subList(start, Math.min(all.size(), start + RESOURCE_PAGE)).stream()
                .map(resource -> StackResourceSummary.builder().logicalResourceId(resource.logicalId)
                        .physicalResourceId(resource.physicalId).resourceType(resource.type).resourceStatus(resource.status)
                        .resourceStatusReason(resource.reason).lastUpdatedTimestamp(resource.updated).build())
                .toList();
        return ListStackResourcesResponse.builder().stackResourceSummaries(page)
                .nextToken(Paging.next(start, RESOURCE_PAGE, all.size())).build();
    }

    /** Parameters as a response shows them: NoEcho values masked. */
    static List<Parameter> shown(Template template, Map<String, String> values) {
        List<Parameter> parameters = new ArrayList<>();
        values.forEach((key, value) -> parameters.add(Parameter.builder().parameterKey(key)
                .parameterValue(Boolean.parseBoolean(Intrinsics.text(template.parameters().get(key).getOrDefault("NoEcho", "false")))
                        ? "****" : value).build()));
        return parameters;
    }

    GetTemplateResponse template(GetTemplateRequest request, CallContext caller) {
        StackState stack = existing(caller, request.stackName());
        synchronized (stack) {
            // No transforms run in the sandbox, so the processed stage is the original text.
            return GetTemplateResponse.builder().templateBody(stack.templateBody)
                    .stagesAvailableWithStrings("Original", "Processed").build();
        }
    }

    Template checkedTemplate(String body, String url) {
        if (url != null) {
            throw AwsServiceException.badRequest("ValidationError",
                    "The sandbox reads templates from TemplateBody only; it has no S3 for TemplateURL.");
        }
        if (body == null) {
            throw AwsServiceException.badRequest("ValidationError", "Either Template URL or Template Body must be specified.");
        }
        Template template = Template.parse(body);
        Set<String> unknown = new LinkedHashSet<>();
        template.resources().values().stream().map(Template.Resource::type).filter(type -> !supportedTypes.contains(type))
                .forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw Template.formatError("Unrecognized resource types: " + unknown);
        }
        return template;
    }

    static void checkCapabilities(Template template, List<String> granted) {
        String needed = null;
        for (Template.Resource resource : template.resources().values()) {
            if (resource.type().startsWith("AWS::IAM::")) {
                boolean named = resource.properties().keySet().stream().anyMatch(key -> key.endsWith("Name") && !key.equals("PolicyName"));
                needed = named ? "CAPABILITY_NAMED_IAM" : needed == null ? "CAPABILITY_IAM" : needed;
            }
        }
        if (needed != null && !granted.contains(needed) && !granted.contains("CAPABILITY_NAMED_IAM")) {
            throw AwsServiceException.badRequest("InsufficientCapabilitiesException", "Requires capabilities : [" + needed + "]");
        }
    }

    StackState existing(CallContext caller, String nameOrId) {
        Validation.query().required("stackName", nameOrId).check();
        return store.find(caller.accountId(), caller.region(), nameOrId)
                .orElseThrow(() -> AwsServiceException.badRequest("ValidationError", "Stack with id " + nameOrId + " does not exist"));
    }

    static Map<String, String> given(List<Parameter> parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        parameters.stream().filter(p -> !Boolean.TRUE.equals(p.usePreviousValue()))
                .forEach(p -> values.put(p.parameterKey(), p.parameterValue() == null ? "" : p.parameterValue()));
        return values;
    }

    static Map<String, String> pseudo(CallContext caller, StackState stack) {
        return stack.pseudoParameters(caller.accountId(), caller.region());
    }

    private static Stack toStack(StackState stack) {
        synchronized (stack) {
            if (stack.templateBody == null) {
                return Stack.builder().stackId(stack.stackId).stackName(stack.stackName).creationTime(stack.created)
                        .deletionTime(stack.deleted).stackStatus(stack.status).stackStatusReason(stack.statusReason).build();
            }
            Template template = stack.template();
            List<Parameter> parameters = shown(template, stack.parameters);
            List<Output> outputs = new ArrayList<>();
            stack.outputs.forEach((key, value) -> {
                Map<String, Object> declared = Template.asMap(template.outputs().get(key), "Outputs/" + key);
                String exportName = stack.exports.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                outputs.add(Output.builder().outputKey(key).outputValue(value).description((String) declared.get("Description"))
                        .exportName(declared.containsKey("Export") ? exportName : null).build());
            });
            return Stack.builder().stackId(stack.stackId).stackName(stack.stackName).description(template.description())
                    .parameters(parameters).creationTime(stack.created).lastUpdatedTime(stack.lastUpdated)
                    .deletionTime(stack.deleted).stackStatus(stack.status).stackStatusReason(stack.statusReason)
                    .capabilitiesWithStrings(stack.capabilities).outputs(outputs).enableTerminationProtection(false)
                    .disableRollback(false).notificationARNs(List.of())
                    .changeSetId(stack.changeSets.values().stream().filter(changeSet -> changeSet.executionStatus != null
                            && changeSet.executionStatus.startsWith("EXECUTE")).map(changeSet -> changeSet.id)
                            .reduce((first, last) -> last).orElse(null))
                    .driftInformation(StackDriftInformation.builder()
                            .stackDriftStatus(stack.driftStatus == null ? "NOT_CHECKED" : stack.driftStatus)
                            .lastCheckTimestamp(stack.driftCheckedAt).build()).build();
        }
    }
}
