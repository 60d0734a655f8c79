package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.cloudformation.model.CancelUpdateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.ExecuteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.ListChangeSetsRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceDriftsRequest;
import software.amazon.awssdk.services.cloudformation.model.DetectStackDriftRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateSummaryRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateSummaryResponse;
import software.amazon.awssdk.services.cloudformation.model.ParameterConstraints;
import software.amazon.awssdk.services.cloudformation.model.ParameterDeclaration;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceRequest;
import software.amazon.awssdk.services.cloudformation.model.ListExportsRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.TemplateParameter;
import software.amazon.awssdk.services.cloudformation.model.UpdateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.ValidateTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.ValidateTemplateResponse;

/** CloudFormation's API: template validation here, stacks in {@link Stacks}, run by the {@link StackRunner}. */
public final class CloudFormationService {

    private static final Set<String> IAM_TYPES = Set.of("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group",
            "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile", "AWS::IAM::AccessKey");

    private final Stacks stacks;
    private final ChangeSets changeSets;
    private final Drifts drifts;
    private final StackStore store;
    private final StackRunner runner;
    private final StackListings listings;

    /**
     * @param directory where the stacks of each account and region are kept
     * @param providers the resource types the sandbox can create
     * @param executor where stack operations run in the background
     * @param stepDelay how long each resource step takes, as AWS's take time
     */
    public CloudFormationService(Path directory, List<ResourceProvider> providers, ExecutorService executor, Duration stepDelay,
                                 Clock clock) {
        Map<String, ResourceProvider> byType = new LinkedHashMap<>();
        providers.forEach(provider -> byType.put(provider.type(), provider));
        StackStore store = new StackStore(directory);
        StackRunner runner = new StackRunner(store, byType, executor, stepDelay, clock);
        this.stacks = new Stacks(store, runner, byType.keySet(), clock);
        this.changeSets = new ChangeSets(store, runner, stacks, new ChangePlanner(byType), clock);
        this.drifts = new Drifts(store, byType, clock);
        this.store = store;
        this.runner = runner;
        this.listings = new StackListings(store, stacks);
    }

    /**
     * Carries on, in the background, every stack that a previous sandbox on this data directory was
     * stopped in the middle of; returns how many. Called once the sandbox serves, as its resources need it.
     */
    public int resumeInterrupted() {
        int resumed = 0;
        for (StackStore.Located located : store.loadAll()) {
            StackState stack = located.stack();
            boolean interrupted;
            synchronized (stack) {
                interrupted = stack.deleted == null && stack.status != null && stack.isInProgress()
                        && !"REVIEW_IN_PROGRESS".equals(stack.status);
            }
            if (interrupted) {
                runner.resume(new StackRunner.Run(located.account(), located.region(), stack));
                resumed++;
            }
        }
        return resumed;
    }

    public AwsService api() {
        return AwsService.query("cloudformation", "http://cloudformation.amazonaws.com/doc/2010-05-15/", List.of(
                Operation.of("ValidateTemplate", ValidateTemplateRequest::builder, this::validateTemplate),
                Operation.of("GetTemplateSummary", GetTemplateSummaryRequest::builder, this::getTemplateSummary),
                Operation.of("CreateStack", CreateStackRequest::builder, stacks::create),
                Operation.of("UpdateStack", UpdateStackRequest::builder, stacks::update),
                Operation.of("DeleteStack", DeleteStackRequest::builder, stacks::delete),
                Operation.of("CancelUpdateStack", CancelUpdateStackRequest::builder, stacks::cancelUpdate),
                Operation.of("DescribeStacks", DescribeStacksRequest::builder, stacks::describe),
                Operation.of("DescribeStackEvents", DescribeStackEventsRequest::builder, stacks::events),
                Operation.of("DescribeStackResources", DescribeStackResourcesRequest::builder, stacks::resources),
                Operation.of("ListStackResources", ListStackResourcesRequest::builder, stacks::listResources),
                Operation.of("DescribeStackResource", DescribeStackResourceRequest::builder, listings::resource),
                Operation.of("ListStacks", ListStacksRequest::builder, listings::list),
                Operation.of("ListExports", ListExportsRequest::builder, listings::exports),
                Operation.of("GetTemplate", GetTemplateRequest::builder, stacks::template),
                Operation.of("CreateChangeSet", CreateChangeSetRequest::builder, changeSets::create),
                Operation.of("DescribeChangeSet", DescribeChangeSetRequest::builder, changeSets::describe),
                Operation.of("ExecuteChangeSet", ExecuteChangeSetRequest::builder, changeSets::execute),
                Operation.of("DeleteChangeSet", DeleteChangeSetRequest::builder, changeSets::delete),
                Operation.of("ListChangeSets", ListChangeSetsRequest::builder, changeSets::list),
                Operation.of("DetectStackDrift", DetectStackDriftRequest::builder, drifts::detect),
                Operation.of("DescribeStackDriftDetectionStatus", DescribeStackDriftDetectionStatusRequest::builder, drifts::status),
                Operation.of("DescribeStackResourceDrifts", DescribeStackResourceDriftsRequest::builder, drifts::resourceDrifts)));
    }

    private GetTemplateSummaryResponse getTemplateSummary(GetTemplateSummaryRequest request, CallContext caller) {
        String body = request.stackName() != null
                ? stacks.template(GetTemplateRequest.builder().stackName(request.stackName()).build(), caller).templateBody()
                : request.templateBody();
        ValidateTemplateResponse validated = validateTemplate(ValidateTemplateRequest.builder().templateBody(body)
                .templateURL(request.templateURL()).build(), caller);
        Template template = Template.parse(body);
        List<ParameterDeclaration> parameters = new ArrayList<>();
        template.parameters().forEach((name, declaration) -> {
            ParameterDeclaration.Builder parameter = ParameterDeclaration.builder().parameterKey(name)
                    .parameterType(String.valueOf(declaration.get("Type")))
                    .defaultValue(declaration.containsKey("Default") ? Intrinsics.text(declaration.get("Default")) : null)
                    .noEcho(Boolean.parseBoolean(Intrinsics.text(declaration.getOrDefault("NoEcho", "false"))))
                    .description((String) declaration.get("Description"));
            if (declaration.get("AllowedValues") instanceof List<?> allowed) {
                parameter.parameterConstraints(ParameterConstraints.builder()
                        .allowedValues(allowed.stream().map(Intrinsics::text).toList()).build());
            }
            parameters.add(parameter.build());
        });
        return GetTemplateSummaryResponse.builder().parameters(parameters).description(template.description())
                .capabilities(validated.capabilities()).capabilitiesReason(validated.capabilitiesReason())
                .resourceTypes(template.resources().values().stream().map(Template.Resource::type).distinct().toList())
                .version("2010-09-09").build();
    }

    private ValidateTemplateResponse validateTemplate(ValidateTemplateRequest request, CallContext caller) {
        Template template = stacks.checkedTemplate(request.templateBody(), request.templateURL());
        List<TemplateParameter> parameters = new ArrayList<>();
        template.parameters().forEach((name, declaration) -> parameters.add(TemplateParameter.builder()
                .parameterKey(name)
                .defaultValue(declaration.containsKey("Default") ? Intrinsics.text(declaration.get("Default")) : null)
                .noEcho(Boolean.parseBoolean(Intrinsics.text(declaration.getOrDefault("NoEcho", "false"))))
                .description((String) declaration.get("Description"))
                .build()));
        ValidateTemplateResponse.Builder response = ValidateTemplateResponse.builder()
                .parameters(parameters).description(template.description());
        List<String> iam = template.resources().values().stream().filter(resource -> IAM_TYPES.contains(resource.type()))
                .map(Template.Resource::logicalId).toList();
        if (!iam.isEmpty()) {
            boolean named = template.resources().values().stream().anyMatch(resource -> IAM_TYPES.contains(resource.type())
                    && (resource.properties().containsKey("RoleName") || resource.properties().containsKey("UserName")
                    || resource.properties().containsKey("GroupName") || resource.properties().containsKey("ManagedPolicyName")));
            response.capabilities(named ? Capability.CAPABILITY_NAMED_IAM : Capability.CAPABILITY_IAM)
                    .capabilitiesReason("The following resource(s) require capabilities: " + iam);
        }
        return response.build();
    }
}
