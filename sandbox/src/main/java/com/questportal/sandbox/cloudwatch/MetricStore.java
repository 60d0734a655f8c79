package com.questportal.sandbox.cloudwatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The sandbox's CloudWatch metrics: what its own parts (the load balancers) measured, kept per
 * metric and minute, in memory, for {@link #RETENTION}. A metric is its region, namespace, name and
 * dimensions, as in CloudWatch; each keeps the unit it was recorded in.
 */
public final class MetricStore {

    /** How far back a query can reach; CloudWatch keeps one-minute data for 15 days, the sandbox for three hours. */
    public static final Duration RETENTION = Duration.ofHours(3);

    /** One metric's identity. */
    public record Metric(String region, String namespace, String name, Map<String, String> dimensions) {
        public Metric {
            dimensions = Map.copyOf(dimensions);
        }
    }

    private record Series(String unit, NavigableMap<Long, Statistics> minutes) {
    }

    private final Clock clock;
    private final Map<Metric, Series> series = new ConcurrentHashMap<>();

    public MetricStore(Clock clock) {
        this.clock = clock;
    }

    /** Adds one value, at the current minute. */
    public void record(Metric metric, String unit, double value) {
        long minute = clock.millis() / 60_000;
        Series found = series.computeIfAbsent(metric, key -> new Series(unit, new ConcurrentSkipListMap<>()));
        Statistics statistics = found.minutes().computeIfAbsent(minute, key -> new Statistics());
        synchronized (statistics) {
            statistics.add(value);
        }
        if (found.minutes().firstKey() < minute - RETENTION.toMinutes()) {
            found.minutes().headMap(minute - RETENTION.toMinutes()).clear();
        }
    }

    /** The metrics of a region and namespace, optionally of one name. */
    List<Metric> metrics(String region, String namespace, String name) {
        List<Metric> found = new ArrayList<>();
        for (Metric metric : series.keySet()) {
            if (metric.region().equals(region) && (namespace == null || metric.namespace().equals(namespace))
                    && (name == null || metric.name().equals(name))) {
                found.add(metric);
            }
        }
        return found;
    }

    String unit(Metric metric) {
        Series found = series.get(metric);
        return found == null ? null : found.unit();
    }

    /**
     * The statistics of each period of {@code periodSeconds} (aligned to the epoch) that received values
     * between {@code start} (inclusive) and {@code end} (exclusive), by the period's start.
     */
    NavigableMap<Instant, Statistics> periods(Metric metric, Instant start, Instant end, int periodSeconds) {
        NavigableMap<Instant, Statistics> periods = new java.util.TreeMap<>();
        Series found = series.get(metric);
        if (found == null) {
            return periods;
        }
        long first = Math.floorDiv(start.getEpochSecond(), 60);
        long last = Math.floorDiv(end.getEpochSecond() - 1, 60);
        for (Map.Entry<Long, Statistics> minute : found.minutes().subMap(first, true, last, true).entrySet()) {
            long periodStart = Math.floorDiv(minute.getKey() * 60, periodSeconds) * periodSeconds;
            Statistics period = periods.computeIfAbsent(Instant.ofEpochSecond(periodStart), key -> new Statistics());
            synchronized (minute.getValue()) {
                period.addAll(minute.getValue());
            }
        }
        return periods;
    }
}
