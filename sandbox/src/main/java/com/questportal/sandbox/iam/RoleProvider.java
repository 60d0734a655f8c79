package com.questportal.sandbox.iam;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.StateFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code AWS::IAM::Role}: roles with IAM's naming rules and one name per account. The sandbox
 * does not evaluate policies; it keeps them, as the stack declared them.
 */
public final class RoleProvider implements ResourceProvider {

    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Path directory;
    private final SecureRandom random = new SecureRandom();

    public RoleProvider(Path directory) {
        this.directory = directory;
    }

    @Override
    public String type() {
        return "AWS::IAM::Role";
    }

    @Override
    public synchronized Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
        String name = properties.containsKey("RoleName") ? String.valueOf(properties.get("RoleName"))
                : (context.stackName() + "-" + logicalId + "-" + UUID.randomUUID().toString().substring(0, 12)).replaceAll("(.{64}).*", "$1");
        if (!NAME.matcher(name).matches()) {
            throw new ResourceFailure("Resource handler returned message: \"1 validation error detected: Value '" + name
                    + "' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+\" "
                    + "(Service: Iam, Status Code: 400, Error Code: ValidationError)");
        }
        if (properties.get("AssumeRolePolicyDocument") == null) {
            throw new ResourceFailure("Properties validation failed for resource: #: required key [AssumeRolePolicyDocument] not found");
        }
        Map<String, Object> roles = roles(context.accountId());
        if (roles.containsKey(name)) {
            throw new ResourceFailure("Resource handler returned message: \"Role with name " + name + " already exists.\" "
                    + "(Service: Iam, Status Code: 409, Error Code: EntityAlreadyExists)");
        }
        String path = properties.containsKey("Path") ? String.valueOf(properties.get("Path")) : "/";
        Map<String, String> attributes = Map.of("Arn", "arn:aws:iam::" + context.accountId() + ":role" + path + name,
                "RoleId", "AROA" + randomId(17));
        Map<String, Object> record = new LinkedHashMap<>(attributes);
        record.put("properties", properties);
        roles.put(name, record);
        save(context.accountId(), roles);
        return new Provisioned(name, attributes);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
        Map<String, Object> roles = roles(context.accountId());
        Map<String, Object> record = (Map<String, Object>) roles.get(current.physicalId());
        if (record == null) {
            throw new ResourceFailure("The role with name " + current.physicalId() + " cannot be found.");
        }
        record.put("properties", properties);
        save(context.accountId(), roles);
        return current;
    }

    @Override
    public synchronized void delete(Context context, Provisioned current) {
        Map<String, Object> roles = roles(context.accountId());
        roles.remove(current.physicalId());
        save(context.accountId(), roles);
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("RoleName", "Path");
    }

    /** The role's trust and permission policies as IAM keeps them now, or GONE once deleted. */
    @Override
    @SuppressWarnings("unchecked")
    public synchronized java.util.Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
        Map<String, Object> record = (Map<String, Object>) roles(context.accountId()).get(current.physicalId());
        return java.util.Optional.of(record == null ? GONE : new LinkedHashMap<>((Map<String, Object>) record.get("properties")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> roles(String account) {
        return new StateFile(directory.resolve(account + ".json")).read()
                .map(bytes -> (Map<String, Object>) JsonValues.read(bytes)).orElseGet(LinkedHashMap::new);
    }

    private void save(String account, Map<String, Object> roles) {
        new StateFile(directory.resolve(account + ".json")).write(JsonValues.write(roles));
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }
}
