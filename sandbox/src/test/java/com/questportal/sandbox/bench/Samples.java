package com.questportal.sandbox.bench;

import java.util.Arrays;

/** Latencies in milliseconds, as a benchmark collects them; percentiles by rank. */
final class Samples {

    private final double[] values;
    private int size;

    Samples(int capacity) {
        values = new double[capacity];
    }

    void add(double value) {
        values[size++] = value;
    }

    double p50() {
        return percentile(0.50);
    }

    double p99() {
        return percentile(0.99);
    }

    private double percentile(double rank) {
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return sorted[(int) (size * rank)];
    }
}
