package com.questportal.portal.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServiceHistoryTests {

    @Test
    void keepsTheLastHourOfSamplesAsColumnsOldestFirst() {
        ServiceHistory history = new ServiceHistory();
        Instant start = Instant.parse("2026-11-30T12:00:00Z");

        history.add(new ServiceHistory.Sample(start, 2, 2, 0, 2));
        history.add(new ServiceHistory.Sample(start.plusSeconds(30 * 60), 3, 2, 1, 2));
        history.add(new ServiceHistory.Sample(start.plusSeconds(60 * 60), 3, 3, 0, 3));
        history.add(new ServiceHistory.Sample(start.plusSeconds(60 * 60 + 1), 3, 3, 0, 3));

        ServiceHistory.Columns columns = history.columns();
        assertThat(columns.at()).as("the first sample is now more than an hour old")
                .containsExactly(start.plusSeconds(1800).getEpochSecond(), start.plusSeconds(3600).getEpochSecond(),
                        start.plusSeconds(3601).getEpochSecond());
        assertThat(columns.desired()).containsExactly(3, 3, 3);
        assertThat(columns.running()).containsExactly(2, 3, 3);
        assertThat(columns.pending()).containsExactly(1, 0, 0);
        assertThat(columns.healthyTargets()).containsExactly(2, 3, 3);
    }

    @Test
    void anEnvironmentNotReadYetHasEmptyColumns() {
        assertThat(new ServiceHistory().columns().at()).isEmpty();
    }
}
