package com.questportal.sandbox.ecr;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** {@code AWS::ECR::Repository}: a real repository in the sandbox's ECR. */
final class RepositoryProvider implements ResourceProvider {

    private final EcrService ecr;

    RepositoryProvider(EcrService ecr) {
        this.ecr = ecr;
    }

    @Override
    public String type() {
        return "AWS::ECR::Repository";
    }

    @Override
    public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
        String name = properties.containsKey("RepositoryName") ? String.valueOf(properties.get("RepositoryName"))
                : (context.stackName() + "-" + logicalId + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        try {
            Repositories.Repository repository = ecr.create(context.accountId(), context.region(), name,
                    (String) properties.get("ImageTagMutability"), scanOnPush(properties));
            repository.lifecyclePolicy = lifecyclePolicy(properties);
            ecr.repositories.save(context.accountId(), context.region());
        } catch (AwsServiceException e) {
            throw ResourceFailure.refused("Ecr", e);
        }
        return provisioned(context, name);
    }

    @Override
    public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
        TreeMap<String, Repositories.Repository> scope = ecr.repositories.scope(context.accountId(), context.region());
        synchronized (scope) {
            Repositories.Repository repository = EcrService.repository(scope, current.physicalId(), context.accountId());
            repository.tagMutability = properties.containsKey("ImageTagMutability") ? String.valueOf(properties.get("ImageTagMutability")) : "MUTABLE";
            repository.scanOnPush = scanOnPush(properties);
            repository.lifecyclePolicy = lifecyclePolicy(properties);
            ecr.repositories.save(context.accountId(), context.region());
        }
        return provisioned(context, current.physicalId());
    }

    @Override
    public void delete(Context context, Provisioned current) {
        try {
            ecr.delete(context.accountId(), context.region(), current.physicalId(), false);
        } catch (AwsServiceException e) {
            if (!e.code().equals("RepositoryNotFoundException")) {
                throw ResourceFailure.refused("Ecr", e);
            }
        }
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("RepositoryName", "EncryptionConfiguration");
    }

    /** The repository's settings as ECR holds them now, in the template's shape, or GONE once deleted. */
    @Override
    public java.util.Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
        TreeMap<String, Repositories.Repository> scope = ecr.repositories.scope(context.accountId(), context.region());
        synchronized (scope) {
            Repositories.Repository repository = scope.get(current.physicalId());
            if (repository == null) {
                return java.util.Optional.of(GONE);
            }
            Map<String, Object> actual = new java.util.LinkedHashMap<>();
            actual.put("RepositoryName", repository.name);
            actual.put("ImageTagMutability", repository.tagMutability);
            actual.put("ImageScanningConfiguration", Map.of("ScanOnPush", repository.scanOnPush));
            actual.put("EncryptionConfiguration", Map.of("EncryptionType", "AES256"));
            if (repository.lifecyclePolicy != null) {
                actual.put("LifecyclePolicy", Map.of("LifecyclePolicyText", repository.lifecyclePolicy));
            }
            return java.util.Optional.of(actual);
        }
    }

    private static boolean scanOnPush(Map<String, Object> properties) {
        return properties.get("ImageScanningConfiguration") instanceof Map<?, ?> scanning
                && "true".equals(String.valueOf(scanning.get("ScanOnPush")));
    }

    private static String lifecyclePolicy(Map<String, Object> properties) {
        return properties.get("LifecyclePolicy") instanceof Map<?, ?> policy && policy.get("LifecyclePolicyText") != null
                ? String.valueOf(policy.get("LifecyclePolicyText")) : null;
    }

    private static Provisioned provisioned(Context context, String name) {
        return new Provisioned(name, Map.of(
                "Arn", "arn:aws:ecr:" + context.region() + ":" + context.accountId() + ":repository/" + name,
                "RepositoryUri", EcrService.uri(context.accountId(), context.region(), name)));
    }
}
