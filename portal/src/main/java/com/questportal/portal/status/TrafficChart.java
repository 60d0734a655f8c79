package com.questportal.portal.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * A load balancer's traffic per minute, as the environment page's second chart draws it (a column per series, times
 * in epoch seconds): requests, 5xx answers (the targets' and the load balancer's own, added up) and target response
 * time p50 and p99 in milliseconds. CloudWatch has no point for a minute without traffic: such a minute is 0 requests
 * and 0 errors, and a gap in the response times.
 *
 * @param readAt when CloudWatch was read
 * @param problem why there is nothing to draw, or null
 */
record TrafficChart(List<Long> at, List<Double> requests, List<Double> fiveXx, List<Double> p50Millis, List<Double> p99Millis,
                    double requestsTotal, double fiveXxTotal, Instant readAt, String problem) {

    static final String REQUESTS = "requests";
    static final String TARGET_5XX = "target5xx";
    static final String LOAD_BALANCER_5XX = "elb5xx";
    static final String P50 = "p50";
    static final String P99 = "p99";

    static TrafficChart none(Instant readAt, String problem) {
        return new TrafficChart(List.of(), List.of(), List.of(), List.of(), List.of(), 0, 0, readAt, problem);
    }

    /** The minutes from {@code start} to {@code end}, each filled from GetMetricData's results by their query ids. */
    static TrafficChart of(Instant start, Instant end, List<MetricDataResult> results, Instant readAt) {
        Map<String, Map<Instant, Double>> byId = new HashMap<>();
        for (MetricDataResult result : results) {
            Map<Instant, Double> points = byId.computeIfAbsent(result.id(), id -> new HashMap<>());
            for (int i = 0; i < result.timestamps().size() && i < result.values().size(); i++) {
                points.merge(result.timestamps().get(i), result.values().get(i), Double::sum);
            }
        }
        List<Long> at = new ArrayList<>();
        List<Double> requests = new ArrayList<>();
        List<Double> fiveXx = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        double requestsTotal = 0;
        double fiveXxTotal = 0;
        for (Instant minute = start; minute.isBefore(end); minute = minute.plus(Duration.ofMinutes(1))) {
            at.add(minute.getEpochSecond());
            double answered = value(byId, REQUESTS, minute, 0.0);
            double errors = value(byId, TARGET_5XX, minute, 0.0) + value(byId, LOAD_BALANCER_5XX, minute, 0.0);
            requests.add(answered);
            fiveXx.add(errors);
            p50.add(millis(byId, P50, minute));
            p99.add(millis(byId, P99, minute));
            requestsTotal += answered;
            fiveXxTotal += errors;
        }
        return new TrafficChart(at, requests, fiveXx, p50, p99, requestsTotal, fiveXxTotal, readAt, null);
    }

    private static double value(Map<String, Map<Instant, Double>> byId, String id, Instant minute, double none) {
        return byId.getOrDefault(id, Map.of()).getOrDefault(minute, none);
    }

    private static Double millis(Map<String, Map<Instant, Double>> byId, String id, Instant minute) {
        Double seconds = byId.getOrDefault(id, Map.of()).get(minute);
        return seconds == null ? null : Math.round(seconds * 10_000) / 10.0;
    }
}
