package com.questportal.portal.status;

import java.util.List;

/**
 * The one rule that turns a service snapshot into a health word (README, "Status"):
 * <ol>
 *   <li>Deploying — more than one deployment, or the primary one's rollout is IN_PROGRESS;</li>
 *   <li>Down — tasks are wanted but none runs, or none of the targets is healthy;</li>
 *   <li>Degraded — fewer tasks run than are wanted, or a target is not healthy;</li>
 *   <li>Healthy — as many run as are wanted and every target is healthy (none wanted: Healthy, idle).</li>
 * </ol>
 * With no stack the environment is Not provisioned; with no snapshot it is Unknown, with why.
 */
final class HealthRule {

    record Verdict(Health health, String why) {
    }

    private HealthRule() {
    }

    static Verdict of(ServiceSnapshot snapshot) {
        List<ServiceSnapshot.Deployment> deployments = snapshot.deployments();
        boolean rollingOut = deployments.size() > 1 || deployments.stream()
                .anyMatch(deployment -> "PRIMARY".equals(deployment.status()) && "IN_PROGRESS".equals(deployment.rolloutState()));
        long healthyTargets = snapshot.targets().stream().filter(target -> "healthy".equals(target.state())).count();
        long servingTargets = snapshot.targets().stream().filter(target -> !"draining".equals(target.state())).count();
        if (rollingOut) {
            return new Verdict(Health.DEPLOYING, deployments.size() > 1 ? deployments.size() + " deployments: a new version is rolling out"
                    : "the deployment is rolling out");
        }
        if (snapshot.desired() > 0 && snapshot.running() == 0) {
            return new Verdict(Health.DOWN, "no task runs (" + snapshot.desired() + " wanted)");
        }
        if (snapshot.desired() > 0 && healthyTargets == 0) {
            return new Verdict(Health.DOWN, "no target passes the load balancer's health checks");
        }
        if (snapshot.running() < snapshot.desired()) {
            return new Verdict(Health.DEGRADED, snapshot.running() + " of " + snapshot.desired() + " tasks run");
        }
        if (healthyTargets < servingTargets) {
            return new Verdict(Health.DEGRADED, healthyTargets + " of " + servingTargets + " targets are healthy");
        }
        return new Verdict(Health.HEALTHY, snapshot.desired() == 0 ? "no task is wanted" : snapshot.running() + " of "
                + snapshot.desired() + " tasks run, every target healthy");
    }
}
