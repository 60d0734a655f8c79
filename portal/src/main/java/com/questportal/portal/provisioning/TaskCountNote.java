package com.questportal.portal.provisioning;

import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.ServiceHealth;
import com.questportal.portal.environment.StackSummaries;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What a plan does to the number of tasks where auto scaling is involved, in a sentence for its page and the API. As on AWS,
 * CloudFormation sends the service its DesiredCount only when the template's value changes, so a service auto scaling has
 * scaled keeps its count through an apply, and keeps it too when the plan turns auto scaling off. The count running now is the
 * status poller's last reading (no AWS call).
 */
@Component
class TaskCountNote {

    private final EnvironmentDirectory environments;
    private final StackSummaries stacks;
    private final ServiceHealth health;

    TaskCountNote(EnvironmentDirectory environments, StackSummaries stacks, ServiceHealth health) {
        this.environments = environments;
        this.stacks = stacks;
        this.health = health;
    }

    /** The plan's note, or null when it changes nothing auto scaling touches, or it creates the stack. */
    String of(StackPlan plan, List<ParameterChange> changes) {
        if (!"UPDATE".equals(plan.getChangeSetType())) {
            return null;
        }
        Optional<Environment> environment = environments.find(plan.getEnvironmentName());
        if (environment.isEmpty()) {
            return null;
        }
        Integer running = stacks.of(plan.getEnvironmentName()).map(stack -> health.of(Map.of(plan.getEnvironmentName(), stack))
                .get(plan.getEnvironmentName())).map(ServiceHealth.Badge::desired).orElse(null);
        return sentence(changes, environment.get().getDesiredCount(), environment.get().getScalingMin(),
                environment.get().getScalingMax(), running);
    }

    /**
     * @param recorded the desired count the environment records
     * @param min the recorded auto scaling minimum, null when the environment does not scale
     * @param now the service's desired count now, or null when it is not known
     */
    static String sentence(List<ParameterChange> changes, int recorded, Integer min, Integer max, Integer now) {
        Map<String, ParameterChange> changed = changes.stream().collect(Collectors.toMap(ParameterChange::name, Function.identity(),
                (first, second) -> first));
        boolean scalesAfter = min != null;
        boolean scalesBefore = changed.containsKey("EnableAutoScaling") ? "true".equals(changed.get("EnableAutoScaling").before())
                : scalesAfter;
        boolean countChanges = changed.containsKey("DesiredCount");
        if (!scalesBefore && !scalesAfter) {
            return null;
        }
        if (scalesBefore && !scalesAfter) {
            if (countChanges) {
                return "Auto scaling goes off, and CloudFormation sets the service to " + tasks(recorded) + ", the number recorded.";
            }
            if (now != null && now != recorded) {
                return "Auto scaling goes off, and the service keeps the " + tasks(now) + " auto scaling set last: CloudFormation"
                        + " sends the recorded count (" + recorded + ") only when it changes. After the apply, the drift check shows"
                        + " the difference and can put " + recorded + " back; or record another count and make a new plan.";
            }
            return "Auto scaling goes off; the service stays at " + tasks(recorded) + ".";
        }
        int from = countChanges ? recorded : now != null ? now : recorded;
        String start = !scalesBefore ? "Auto scaling starts with the service at " + tasks(from)
                : countChanges ? "CloudFormation sets the service to " + tasks(recorded) + ", the number recorded,"
                : "The service keeps the " + tasks(from) + " it runs now (CloudFormation leaves an unchanged count alone),";
        String bounds = from < min ? " Application Auto Scaling first raises it to the minimum, " + min + "."
                : from > max ? " Application Auto Scaling first lowers it to the maximum, " + max + "." : "";
        return start + (scalesBefore ? " and auto scaling then keeps it" : " and keeps it") + " between " + min + " and " + max
                + " as the load asks." + bounds;
    }

    private static String tasks(int count) {
        return count + (count == 1 ? " task" : " tasks");
    }
}
