package com.questportal.sandbox.logs;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code AWS::Logs::LogGroup}: a real log group in the sandbox's CloudWatch Logs. */
final class LogGroupProvider implements ResourceProvider {

    private final LogsService logs;

    LogGroupProvider(LogsService logs) {
        this.logs = logs;
    }

    @Override
    public String type() {
        return "AWS::Logs::LogGroup";
    }

    @Override
    public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
        String name = properties.containsKey("LogGroupName") ? String.valueOf(properties.get("LogGroupName"))
                : context.stackName() + "-" + logicalId + "-" + UUID.randomUUID().toString().substring(0, 12).toUpperCase();
        try {
            logs.createGroup(context.accountId(), context.region(), name, retention(properties));
        } catch (AwsServiceException e) {
            throw ResourceFailure.refused("CloudWatchLogs", e);
        }
        return provisioned(context, name);
    }

    @Override
    public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
        logs.setRetention(context.accountId(), context.region(), current.physicalId(), retention(properties));
        return provisioned(context, current.physicalId());
    }

    @Override
    public void delete(Context context, Provisioned current) {
        try {
            logs.deleteGroup(context.accountId(), context.region(), current.physicalId());
        } catch (AwsServiceException alreadyGone) {
            // CloudFormation treats a log group deleted out of band as deleted
        }
    }

    @Override
    public java.util.Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
        java.util.Map<String, Object> actual = new java.util.HashMap<>();
        try {
            actual.put("RetentionInDays", logs.retention(context.accountId(), context.region(), current.physicalId()));
        } catch (AwsServiceException gone) {
            return java.util.Optional.of(GONE);
        }
        return java.util.Optional.of(actual);
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("LogGroupName", "KmsKeyId");
    }

    private static Integer retention(Map<String, Object> properties) {
        Object days = properties.get("RetentionInDays");
        if (days == null) {
            return null;
        }
        try {
            return Integer.valueOf(String.valueOf(days).replaceAll("\\.0$", ""));
        } catch (NumberFormatException e) {
            throw new ResourceFailure("Properties validation failed for resource: #/RetentionInDays: expected type: Number");
        }
    }

    private static Provisioned provisioned(Context context, String name) {
        return new Provisioned(name, Map.of("Arn", "arn:aws:logs:" + context.region() + ":" + context.accountId() + ":log-group:" + name + ":*"));
    }
}
