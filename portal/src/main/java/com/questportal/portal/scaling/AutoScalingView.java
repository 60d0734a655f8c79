package com.questportal.portal.scaling;

import com.questportal.portal.environment.Environment;
import com.questportal.portal.status.EnvironmentStatus;

/**
 * An environment's auto scaling for the page and the API: what the portal records (on, min, max, metric, target), the service's
 * tasks wanted and running now (the status poller's reading), and what Application Auto Scaling says ({@code aws}: null while
 * the stack has no service). {@code pending} says when the recorded settings are not what AWS has: the plan is not applied.
 */
public record AutoScalingView(boolean on, Integer min, Integer max, String metric, Integer target, int desired, int running,
                              ScalingReading aws, String pending) {

    static AutoScalingView of(Environment environment, EnvironmentStatus status, ScalingReading aws) {
        boolean on = environment.getScalingMin() != null;
        return new AutoScalingView(on, environment.getScalingMin(), environment.getScalingMax(), environment.getScalingMetric(),
                environment.getScalingTarget(), status.desired(), status.running(), aws, pending(environment, on, aws));
    }

    private static String pending(Environment environment, boolean on, ScalingReading aws) {
        if (aws == null || aws.problem() != null) {
            return null;
        }
        if (on && !aws.registered()) {
            return "Auto scaling is saved but not applied: apply the environment's plan to start it.";
        }
        if (!on && aws.registered()) {
            return "Auto scaling is saved as off but still runs on AWS: apply the environment's plan to stop it.";
        }
        if (on && (!environment.getScalingMin().equals(aws.min()) || !environment.getScalingMax().equals(aws.max())
                || aws.policy() == null || aws.policy().target() != environment.getScalingTarget())) {
            return "The saved auto scaling settings are not yet what AWS has: apply the environment's plan.";
        }
        return null;
    }
}
