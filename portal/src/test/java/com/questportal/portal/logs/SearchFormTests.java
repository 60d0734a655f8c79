package com.questportal.portal.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SearchFormTests {

    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");

    @Test
    void aRangeIsTheLastFewMinutesOrFromToInTheReadersZoneOrTheSameRangeAgainForTheNextPage() {
        LogSearch.Query hour = new SearchForm("ERROR", "1h", null, null, null, null, null, null, null).query(NOW, 100);
        assertThat(hour.end() - hour.start()).isEqualTo(3_600_000);
        assertThat(hour.newestFirst()).isTrue();
        LogSearch.Query berlin = new SearchForm("", "custom", "2026-11-30T04:00", "2026-11-30T04:30:15", "Europe/Berlin", "oldest", null,
                null, null).query(NOW, 100);
        assertThat(Instant.ofEpochMilli(berlin.start())).isEqualTo(Instant.parse("2026-11-30T03:00:00Z"));
        assertThat(Instant.ofEpochMilli(berlin.end())).isEqualTo(Instant.parse("2026-11-30T03:30:15Z"));
        assertThat(berlin.newestFirst()).isFalse();
        LogSearch.Query again = new SearchForm("", "1h", null, null, null, null, "1-2", 5L, 9L).query(NOW.plusSeconds(600), 100);
        assertThat(again.start()).as("the next page keeps the first page's range").isEqualTo(5);
        assertThat(again.end()).isEqualTo(9);
    }

    @Test
    void whatIsNotARangeGetsASentence() {
        assertThatThrownBy(() -> new SearchForm("", "2w", null, null, null, null, null, null, null).query(NOW, 100))
                .isInstanceOf(LogsRefused.class).hasMessageContaining("5m, 1h or 24h");
        assertThatThrownBy(() -> new SearchForm("", "custom", "yesterday", "2026-11-30T04:00", "UTC", null, null, null, null).query(NOW, 100))
                .hasMessageContaining("'from' is a date and time");
        assertThatThrownBy(() -> new SearchForm("", "custom", "2026-11-30T04:00", "2026-11-30T05:00", "Mars/Olympus", null, null, null, null)
                .query(NOW, 100)).hasMessageContaining("not a time zone");
        assertThatThrownBy(() -> new SearchForm("", "1h", null, null, null, null, "not-a-place", null, null).query(NOW, 100))
                .hasMessageContaining("not one this portal gave");
    }

    @Test
    void linesAreOrderedByTimeThenByEventIdAsNumbers() {
        LogLine early = new LogLine("5-9", 5, "s", "t", "a");
        LogLine later = new LogLine("5-10", 5, "s", "t", "b");
        assertThat(LogLine.ORDER.compare(early, later)).isNegative();
        assertThat(later.isAfter("5-9")).isTrue();
        assertThat(early.isAfter("5-10")).isFalse();
        assertThat(early.isAfter("4-99")).isTrue();
    }
}
