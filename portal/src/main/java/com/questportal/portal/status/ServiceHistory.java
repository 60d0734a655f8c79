package com.questportal.portal.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One environment's service over the last hour, a sample per read: tasks wanted, running and pending, and targets
 * healthy. Kept in memory by the poller, for the environment page's chart; a restarted portal starts a new hour.
 */
final class ServiceHistory {

    static final Duration KEPT = Duration.ofHours(1);

    record Sample(Instant at, int desired, int running, int pending, int healthyTargets) {

        static Sample of(ServiceSnapshot snapshot) {
            return new Sample(snapshot.takenAt(), snapshot.desired(), snapshot.running(), snapshot.pending(),
                    (int) snapshot.targets().stream().filter(target -> "healthy".equals(target.state())).count());
        }
    }

    /** The samples as uPlot takes them: a column per series, times in epoch seconds. */
    record Columns(List<Long> at, List<Integer> desired, List<Integer> running, List<Integer> pending, List<Integer> healthyTargets) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();

    synchronized void add(Sample sample) {
        samples.addLast(sample);
        Instant oldest = sample.at().minus(KEPT);
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
        }
    }

    synchronized Columns columns() {
        List<Long> at = new ArrayList<>(samples.size());
        List<Integer> desired = new ArrayList<>(samples.size());
        List<Integer> running = new ArrayList<>(samples.size());
        List<Integer> pending = new ArrayList<>(samples.size());
        List<Integer> healthy = new ArrayList<>(samples.size());
        for (Sample sample : samples) {
            at.add(sample.at().getEpochSecond());
            desired.add(sample.desired());
            running.add(sample.running());
            pending.add(sample.pending());
            healthy.add(sample.healthyTargets());
        }
        return new Columns(at, desired, running, pending, healthy);
    }
}
