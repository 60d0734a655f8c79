package com.questportal.sandbox.cloudwatch;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistics of the values one metric received in a span of time: sample count, sum, minimum,
 * maximum, and a histogram of logarithmic buckets (each 4% wider than the last) for percentiles, so
 * that a busy minute costs a few hundred counters, not one entry per request. Not thread-safe: the
 * store guards each instance.
 */
final class Statistics {

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(?:\\.\\d{1,2})?|100)");
    private static final double SMALLEST = 1e-6;
    private static final double GROWTH = 1.04;
    private static final double LOG_GROWTH = Math.log(GROWTH);

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private final TreeMap<Integer, Long> buckets = new TreeMap<>();

    void add(double value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        buckets.merge(bucket(value), 1L, Long::sum);
    }

    void addAll(Statistics other) {
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        other.buckets.forEach((bucket, n) -> buckets.merge(bucket, n, Long::sum));
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Whether CloudWatch knows the statistic: Sum, Average, Minimum, Maximum, SampleCount or a percentile such as p99.9. */
    static boolean isKnown(String statistic) {
        return switch (statistic) {
            case "Sum", "Average", "Minimum", "Maximum", "SampleCount" -> true;
            default -> PERCENTILE.matcher(statistic).matches();
        };
    }

    /** The statistic's value; the statistic must be {@linkplain #isKnown known} and the statistics not empty. */
    double value(String statistic) {
        return switch (statistic) {
            case "Sum" -> sum;
            case "Average" -> sum / count;
            case "Minimum" -> min;
            case "Maximum" -> max;
            case "SampleCount" -> count;
            default -> percentile(statistic);
        };
    }

    private double percentile(String statistic) {
        Matcher matcher = PERCENTILE.matcher(statistic);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a statistic: " + statistic);
        }
        double rank = Math.ceil(Double.parseDouble(matcher.group(1)) / 100 * count);
        long seen = 0;
        for (Map.Entry<Integer, Long> bucket : buckets.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                // The bucket's geometric middle, kept within what was really seen.
                double middle = SMALLEST * Math.pow(GROWTH, bucket.getKey() + 0.5);
                return Math.max(min, Math.min(max, middle));
            }
        }
        return max;
    }

    private static int bucket(double value) {
        return value <= SMALLEST ? 0 : (int) Math.floor(Math.log(value / SMALLEST) / LOG_GROWTH);
    }
}
