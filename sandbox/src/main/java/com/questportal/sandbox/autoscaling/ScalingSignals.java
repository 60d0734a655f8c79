package com.questportal.sandbox.autoscaling;

import java.time.Duration;
import java.util.Optional;

/** What the scaler reads and changes outside Application Auto Scaling: ECS services, and what load balancers carried. */
public interface ScalingSignals {

    /** A service's desired and running counts, the CPU time its running tasks have used so far, and the vCPUs they reserve. */
    record Capacity(int desired, int running, Duration cpuTime, double vcpus) {
    }

    /** The requests a target group has passed to its targets so far, and how many of them are healthy now. */
    record Traffic(long requests, int healthyTargets) {
    }

    Optional<Capacity> capacity(String account, String region, String cluster, String service);

    void setDesiredCount(String account, String region, String cluster, String service, int desired);

    /** A target group by its label, {@code targetgroup/<name>/<id>}. */
    Optional<Traffic> traffic(String account, String region, String targetGroupLabel);
}
