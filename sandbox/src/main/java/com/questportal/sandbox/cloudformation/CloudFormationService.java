package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.TemplateParameter;
import software.amazon.awssdk.services.cloudformation.model.ValidateTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.ValidateTemplateResponse;

/** CloudFormation's API. Stacks and change sets build on the template checks this already makes. */
public final class CloudFormationService {

    private static final Set<String> IAM_TYPES = Set.of("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group",
            "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile", "AWS::IAM::AccessKey");

    public AwsService api() {
        return AwsService.query("cloudformation", "http://cloudformation.amazonaws.com/doc/2010-05-15/", List.of(
                Operation.of("ValidateTemplate", ValidateTemplateRequest::builder, this::validateTemplate)));
    }

    private ValidateTemplateResponse validateTemplate(ValidateTemplateRequest request, CallContext caller) {
        if (request.templateURL() != null) {
            throw AwsServiceException.badRequest("ValidationError",
                    "The sandbox reads templates from TemplateBody only; it has no S3 for TemplateURL.");
        }
        if (request.templateBody() == null) {
            throw AwsServiceException.badRequest("ValidationError", "Either Template URL or Template Body must be specified.");
        }
        Template template = Template.parse(request.templateBody());
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
