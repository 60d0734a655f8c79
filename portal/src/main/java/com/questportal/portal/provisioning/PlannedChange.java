package com.questportal.portal.provisioning;

import java.util.List;
import java.util.Set;

/**
 * One resource a plan adds, modifies or removes, as CloudFormation's change set says: whether a
 * modification replaces it, and which properties cause the change. {@code dangerous} marks the
 * replacements and removals that take the environment down or lose its data.
 */
public record PlannedChange(String action, String logicalId, String resourceType, String replacement, boolean dangerous,
                            List<String> causes) {

    /** Replacing or removing these cuts traffic (VPC, load balancer) or loses history (log group). */
    static final Set<String> CRITICAL_TYPES = Set.of("AWS::EC2::VPC", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::Logs::LogGroup");

    static PlannedChange of(String action, String logicalId, String resourceType, String replacement, List<String> causes) {
        boolean replaces = "True".equals(replacement) || "Conditional".equals(replacement);
        boolean dangerous = CRITICAL_TYPES.contains(resourceType) && ("Remove".equals(action) || "Modify".equals(action) && replaces);
        return new PlannedChange(action, logicalId, resourceType, replacement, dangerous, causes);
    }
}
