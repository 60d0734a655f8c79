package com.questportal.sandbox.ssm;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import com.questportal.sandbox.state.SecretBox;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ssm.model.DeleteParameterRequest;
import software.amazon.awssdk.services.ssm.model.DeleteParameterResponse;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.PutParameterResponse;

/** SSM Parameter Store: String and SecureString parameters, versions, and SecureString sealed at rest. */
public final class SsmService {

    private static final Pattern NAME = Pattern.compile("/?[a-zA-Z0-9_.\\-]+(/[a-zA-Z0-9_.\\-]+)*");
    private static final List<String> TYPES = List.of("String", "StringList", "SecureString");
    private static final int MAX_STANDARD_VALUE_LENGTH = 4096;
    private static final int MAX_ADVANCED_VALUE_LENGTH = 8192;
    private static final int MAX_HIERARCHY_LEVELS = 15;

    private final ParameterStore store;
    private final SecretBox secrets;
    private final Clock clock;

    public SsmService(Path directory, SecretBox secrets, Clock clock) {
        this.store = new ParameterStore(directory);
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A parameter's value (decrypted when it is a SecureString), by name or ARN, as the ECS agent reads {@code secrets}. */
    public java.util.Optional<String> valueOf(String account, String region, String nameOrArn) {
        String name = nameOrArn.contains(":parameter") ? nameOrArn.substring(nameOrArn.indexOf(":parameter") + 10) : nameOrArn;
        return store.find(account, region, name).or(() -> store.find(account, region, name.replaceFirst("^/", "")))
                .map(parameter -> parameter.isSecure() ? secrets.decrypt(parameter.storedValue()) : parameter.storedValue());
    }

    /** {@code AWS::SSM::Parameter} for the sandbox's CloudFormation, on this service's parameters. */
    public ResourceProvider parameterProvider() {
        return new SsmParameterProvider(store, clock);
    }

    public AwsService api() {
        return AwsService.json("ssm", "AmazonSSM", List.of(
                Operation.of("PutParameter", PutParameterRequest::builder, this::putParameter),
                Operation.of("GetParameter", GetParameterRequest::builder, this::getParameter),
                Operation.of("GetParameters", GetParametersRequest::builder, this::getParameters),
                Operation.of("DeleteParameter", DeleteParameterRequest::builder, this::deleteParameter),
                Operation.of("DescribeParameters", DescribeParametersRequest::builder, this::describeParameters)));
    }

    private PutParameterResponse putParameter(PutParameterRequest request, CallContext caller) {
        Validation.json()
                .required("name", request.name())
                .length("name", request.name(), 1, 2048)
                .required("value", request.value())
                .sensitiveLength("value", request.value(), 1, MAX_ADVANCED_VALUE_LENGTH)
                .length("description", request.description(), 0, 1024)
                .oneOf("type", request.typeAsString(), TYPES)
                .oneOf("tier", request.tierAsString(), List.of("Standard", "Advanced", "Intelligent-Tiering"))
                .check();
        String tier = tier(request);
        checkName(request.name());
        var existing = store.find(caller.accountId(), caller.region(), request.name());
        if (existing.isPresent() && !Boolean.TRUE.equals(request.overwrite())) {
            throw AwsServiceException.badRequest("ParameterAlreadyExists", "The parameter already exists. To overwrite this "
                    + "request value, set the overwrite option in the request to true.");
        }
        String type = request.typeAsString() != null ? request.typeAsString() : existing.map(StoredParameter::type).orElse(null);
        if (type == null) {
            throw AwsServiceException.badRequest("ValidationException", "A parameter type is required when you create a parameter.");
        }
        long version = existing.map(parameter -> parameter.version() + 1).orElse(1L);
        String stored = "SecureString".equals(type) ? secrets.encrypt(request.value()) : request.value();
        store.put(caller.accountId(), caller.region(), new StoredParameter(request.name(), type, stored,
                request.description() != null ? request.description() : existing.map(StoredParameter::description).orElse(null),
                version, clock.instant(), caller.callerArn(), tier));
        return PutParameterResponse.builder().version(version).tier(tier).build();
    }

    /**
     * The tier a value is stored in, as SSM chooses it: Standard holds 4 KB, Advanced 8 KB; Intelligent-Tiering
     * takes Advanced only when the value needs it. A value too long for the tier asked for is refused, never echoed.
     */
    private static String tier(PutParameterRequest request) {
        String asked = request.tierAsString() == null ? "Standard" : request.tierAsString();
        boolean large = request.value().length() > MAX_STANDARD_VALUE_LENGTH;
        if (large && "Standard".equals(asked)) {
            throw AwsServiceException.badRequest("ValidationException", "Standard tier parameters support a maximum parameter "
                    + "value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-"
                    + "parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/"
                    + "parameter-store-advanced-parameters.html");
        }
        return "Advanced".equals(asked) || large ? "Advanced" : "Standard";
    }

    private GetParameterResponse getParameter(GetParameterRequest request, CallContext caller) {
        Validation.json().required("name", request.name()).length("name", request.name(), 1, 2048).check();
        StoredParameter parameter = store.find(caller.accountId(), caller.region(), request.name())
                .orElseThrow(() -> AwsServiceException.badRequest("ParameterNotFound", "Parameter " + request.name() + " not found."));
        return GetParameterResponse.builder().parameter(toParameter(parameter, request.withDecryption(), caller)).build();
    }

    private GetParametersResponse getParameters(GetParametersRequest request, CallContext caller) {
        Validation validation = Validation.json().required("names", request.hasNames() ? request.names() : null);
        if (request.hasNames() && (request.names().isEmpty() || request.names().size() > 10)) {
            validation.range("names", request.names().size(), 1, 10);
        }
        validation.check();
        List<Parameter> found = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String name : request.names()) {
            store.find(caller.accountId(), caller.region(), name).ifPresentOrElse(
                    parameter -> found.add(toParameter(parameter, request.withDecryption(), caller)), () -> invalid.add(name));
        }
        return GetParametersResponse.builder().parameters(found).invalidParameters(invalid).build();
    }

    private DeleteParameterResponse deleteParameter(DeleteParameterRequest request, CallContext caller) {
        Validation.json().required("name", request.name()).length("name", request.name(), 1, 2048).check();
        if (!store.delete(caller.accountId(), caller.region(), request.name())) {
            throw AwsServiceException.badRequest("ParameterNotFound", "Parameter " + request.name() + " not found.");
        }
        return DeleteParameterResponse.builder().build();
    }

    private DescribeParametersResponse describeParameters(DescribeParametersRequest request, CallContext caller) {
        Validation.json().range("maxResults", request.maxResults(), 1, 50).check();
        int pageSize = request.maxResults() == null ? 10 : request.maxResults();
        List<StoredParameter> all = store.all(caller.accountId(), caller.region()).stream()
                .filter(parameter -> ParameterFilters.matchAll(request.parameterFilters(), parameter)).toList();
        int start = Paging.start(request.nextToken(), all.size(), "InvalidNextToken", "The specified token is not valid.");
        List<ParameterMetadata> page = all.subList(start, Math.min(all.size(), start + pageSize)).stream()
                .map(parameter -> ParameterMetadata.builder().name(parameter.name()).type(parameter.type())
                        .description(parameter.description()).version(parameter.version())
                        .lastModifiedDate(parameter.lastModified()).lastModifiedUser(parameter.lastModifiedUser())
                        .tier(parameter.tier()).dataType("text").arn(arn(parameter.name(), caller)).build())
                .toList();
        return DescribeParametersResponse.builder().parameters(page).nextToken(Paging.next(start, pageSize, all.size())).build();
    }

    private Parameter toParameter(StoredParameter parameter, Boolean withDecryption, CallContext caller) {
        String value = parameter.isSecure() && Boolean.TRUE.equals(withDecryption)
                ? secrets.decrypt(parameter.storedValue())
                : parameter.storedValue();
        return Parameter.builder().name(parameter.name()).type(parameter.type()).value(value).version(parameter.version())
                .lastModifiedDate(parameter.lastModified()).arn(arn(parameter.name(), caller)).dataType("text").build();
    }

    private static void checkName(String name) {
        String lower = name.replaceFirst("^/", "").toLowerCase();
        if (!NAME.matcher(name).matches() || lower.startsWith("aws") || lower.startsWith("ssm")) {
            throw AwsServiceException.badRequest("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" "
                    + "(case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), "
                    + "_ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward "
                    + "slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.");
        }
        if (name.chars().filter(c -> c == '/').count() > MAX_HIERARCHY_LEVELS) {
            throw AwsServiceException.badRequest("HierarchyLevelLimitExceededException",
                    "A hierarchy can have a maximum of 15 levels.");
        }
    }

    private static String arn(String name, CallContext caller) {
        return "arn:aws:ssm:" + caller.region() + ":" + caller.accountId() + ":parameter" + (name.startsWith("/") ? "" : "/") + name;
    }
}
