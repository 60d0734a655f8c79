package com.questportal.portal.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An environment's tasks wanted and running per minute over the last hour, the newest of the poller's readings in each minute
 * (null where it read nothing), for charts that set them beside one-minute CloudWatch metrics.
 *
 * @param at the minutes' starts, in epoch seconds
 */
public record TaskCounts(List<Long> at, List<Integer> desired, List<Integer> running) {

    /** The minutes from {@code start} (a whole minute) to {@code end}, from the poller's samples (oldest first). */
    static TaskCounts perMinute(ServiceHistory.Columns samples, Instant start, Instant end) {
        List<Long> at = new ArrayList<>();
        List<Integer> desired = new ArrayList<>();
        List<Integer> running = new ArrayList<>();
        int next = 0;
        for (Instant minute = start; minute.isBefore(end); minute = minute.plus(Duration.ofMinutes(1))) {
            long from = minute.getEpochSecond();
            Integer wanted = null;
            Integer ran = null;
            while (next < samples.at().size() && samples.at().get(next) < from + 60) {
                if (samples.at().get(next) >= from) {
                    wanted = samples.desired().get(next);
                    ran = samples.running().get(next);
                }
                next++;
            }
            at.add(from);
            desired.add(wanted);
            running.add(ran);
        }
        return new TaskCounts(at, desired, running);
    }
}
