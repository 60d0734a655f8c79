package com.questportal.portal.scaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment page's auto scaling chart, a column per series and a row per minute of the last hour (times in epoch
 * seconds): tasks wanted and running (the portal's own readings), and the metric the policy tracks (CloudWatch's one-minute
 * values: requests per task, or CPU %) with its target. Null where a minute has no value.
 *
 * @param metricLabel the tracked metric in words, with its unit
 * @param problem why there is nothing to draw, or null
 */
public record ScalingChart(List<Long> at, List<Integer> desired, List<Integer> running, List<Double> metric, List<Double> target,
                           String metricLabel, Instant readAt, String problem) {

    static ScalingChart none(Instant readAt, String problem) {
        return new ScalingChart(List.of(), List.of(), List.of(), List.of(), List.of(), null, readAt, problem);
    }

    /** The rows of {@code minutes}, each with the metric's value of that minute (by its start) when CloudWatch had one. */
    static ScalingChart of(List<Long> minutes, List<Integer> desired, List<Integer> running, Map<Long, Double> metricByMinute,
                           double target, String metricLabel, Instant readAt, String problem) {
        List<Double> metric = new ArrayList<>(minutes.size());
        List<Double> targets = new ArrayList<>(minutes.size());
        for (Long minute : minutes) {
            metric.add(metricByMinute.get(minute));
            targets.add(target);
        }
        return new ScalingChart(minutes, desired, running, metric, targets, metricLabel, readAt, problem);
    }
}
