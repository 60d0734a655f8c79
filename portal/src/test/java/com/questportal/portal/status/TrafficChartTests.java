package com.questportal.portal.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

class TrafficChartTests {

    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-30T10:05:00Z");

    @Test
    void everyMinuteOfTheWindowHasAPointAndMinutesWithoutTrafficAreZeroRequestsAndAGapInResponseTimes() {
        TrafficChart chart = TrafficChart.of(START, END, List.of(
                result(TrafficChart.REQUESTS, List.of(minute(1), minute(3)), List.of(40.0, 7.0)),
                result(TrafficChart.TARGET_5XX, List.of(minute(3)), List.of(2.0)),
                result(TrafficChart.LOAD_BALANCER_5XX, List.of(minute(3), minute(4)), List.of(1.0, 5.0)),
                result(TrafficChart.P50, List.of(minute(1), minute(3)), List.of(0.0123, 0.5)),
                result(TrafficChart.P99, List.of(minute(1), minute(3)), List.of(0.25, 1.5))), END);

        assertThat(chart.at()).containsExactly(START.getEpochSecond(), minute(1).getEpochSecond(), minute(2).getEpochSecond(),
                minute(3).getEpochSecond(), minute(4).getEpochSecond());
        assertThat(chart.requests()).containsExactly(0.0, 40.0, 0.0, 7.0, 0.0);
        assertThat(chart.fiveXx()).as("the targets' and the load balancer's own, added up").containsExactly(0.0, 0.0, 0.0, 3.0, 5.0);
        assertThat(chart.p50Millis()).containsExactlyElementsOf(Arrays.asList(null, 12.3, null, 500.0, null));
        assertThat(chart.p99Millis()).containsExactlyElementsOf(Arrays.asList(null, 250.0, null, 1500.0, null));
        assertThat(chart.requestsTotal()).isEqualTo(47);
        assertThat(chart.fiveXxTotal()).isEqualTo(8);
        assertThat(chart.problem()).isNull();
    }

    @Test
    void pointsOutsideTheWindowAreLeftOut() {
        TrafficChart chart = TrafficChart.of(START, END, List.of(
                result(TrafficChart.REQUESTS, List.of(START.minusSeconds(60), END), List.of(9.0, 9.0))), END);

        assertThat(chart.requests()).containsOnly(0.0).hasSize(5);
        assertThat(chart.requestsTotal()).isZero();
    }

    @Test
    void aChartWithNothingToDrawSaysWhy() {
        TrafficChart none = TrafficChart.none(END, "The environment has no load balancer yet.");

        assertThat(none.at()).isEmpty();
        assertThat(none.problem()).isEqualTo("The environment has no load balancer yet.");
    }

    private static Instant minute(int n) {
        return START.plusSeconds(60L * n);
    }

    private static MetricDataResult result(String id, List<Instant> at, List<Double> values) {
        return MetricDataResult.builder().id(id).timestamps(at).values(values).build();
    }
}
