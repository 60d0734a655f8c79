package com.questportal.portal.scaling;

import java.time.Instant;
import java.util.List;

/**
 * What Application Auto Scaling says of one environment's service: whether a scalable target is registered, its bounds, its
 * target-tracking policy, and its newest scaling activities with their causes in the operator's words. {@code problem} says why
 * it could not be read (the reading before it, if any, is kept).
 */
public record ScalingReading(boolean registered, Integer min, Integer max, Policy policy, List<Activity> activities, Instant readAt,
                             String problem) {

    /**
     * A target-tracking policy: the metric in words, its target, and what it waits between changes; {@code metricType} is AWS's
     * predefined metric ({@code ALBRequestCountPerTarget}, {@code ECSServiceAverageCPUUtilization}…) and {@code resourceLabel}
     * the load balancer and target group it counts requests of.
     */
    public record Policy(String name, String metric, String unit, double target, Integer scaleOutCooldownSeconds,
                         Integer scaleInCooldownSeconds, boolean scaleInDisabled, String metricType, String resourceLabel) {
    }

    /** One scaling activity: when, what changed, why (in words, with AWS's own cause beside it), and how it ended. */
    public record Activity(Instant at, String change, String why, String cause, String status, String statusMessage) {
    }

    public ScalingReading {
        activities = activities == null ? List.of() : List.copyOf(activities);
    }

    static ScalingReading failed(Instant at, String problem) {
        return new ScalingReading(false, null, null, null, List.of(), at, problem);
    }
}
