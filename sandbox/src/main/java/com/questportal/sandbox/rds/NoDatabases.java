package com.questportal.sandbox.rds;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RDS's resource types, known so that a template offering RDS as one choice (infra-templates/portal.yaml) is accepted,
 * as AWS accepts it; the sandbox runs no database servers, so making one fails the stack with a sentence saying so and
 * what to choose instead.
 */
public final class NoDatabases implements ResourceProvider {

    private final String type;

    private NoDatabases(String type) {
        this.type = type;
    }

    public static List<ResourceProvider> providers() {
        return List.of(new NoDatabases("AWS::RDS::DBInstance"), new NoDatabases("AWS::RDS::DBSubnetGroup"));
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
        throw new ResourceFailure("The sandbox runs no RDS databases (" + type + "): use a database you run yourself, as"
                + " portal.yaml's DatabaseMode existing does.");
    }

    @Override
    public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
        return create(context, logicalId, properties);
    }

    @Override
    public void delete(Context context, Provisioned current) {
        // Nothing was ever made.
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of();
    }
}
