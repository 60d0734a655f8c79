package com.questportal.portal.status;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.StackSummaries;
import com.questportal.portal.system.BackgroundLease;
import com.questportal.portal.system.DaemonThreads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one reader of every environment's service: each poll interval ({@code portal.status.poll-interval}, 5 s) it looks
 * at every cluster of an account and region at once ({@link ClusterHeartbeat}), then reads the service of each environment
 * whose stack is up, environments side by side ({@code portal.status.readers}, 8), and keeps the newest reading. A service
 * is described again when its cluster's counts or its targets moved, while an operation runs on its stack, while it is not
 * Healthy, and at least every {@link #DESCRIBE_AT_LEAST_EVERY}; otherwise its last snapshot is confirmed. Pages and the API read the reading, never AWS, so the AWS calls depend on the number of
 * environments, not on the number of people watching. One environment's failure is kept with its reading and does not
 * hold up the others: a read still waiting on AWS is skipped by the next round, and a throttled one waits longer.
 */
@Component
class StatusPoller implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StatusPoller.class);
    /** The longest a throttled environment waits before its next read. */
    static final Duration LONGEST_BACKOFF = Duration.ofMinutes(1);

    /** How long a service that seems not to move goes without DescribeServices: its events and deployments still refresh. */
    static final Duration DESCRIBE_AT_LEAST_EVERY = Duration.ofMinutes(1);

    /** The newest snapshot, the newest failure to read (null after a good read), and its cluster's counts at that read. */
    record Reading(ServiceSnapshot snapshot, String problem, Instant problemAt, ClusterHeartbeat.Counts counts) {
    }

    /** An environment to read this round. */
    private record Due(String name, ServiceReader.Location location, boolean operationRunning) {
    }

    /** An environment AWS throttled: how many times in a row, and not before when it is read again. */
    private record Backoff(int throttled, Instant notBefore) {
    }

    private final EnvironmentDirectory environments;
    private final StackSummaries stacks;
    private final ServiceReader reader;
    private final ClusterHeartbeat heartbeat;
    private final Duration interval;
    private final ExecutorService readers;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
    private final Map<String, ServiceHistory> histories = new ConcurrentHashMap<>();
    /** The environments whose read is under way: at most one read per environment at a time. */
    private final Set<String> reading = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;
    private final EnvironmentGauges snapshotAge;
    private final BackgroundLease lease;
    private final SharedStatus shared;

    StatusPoller(EnvironmentDirectory environments, StackSummaries stacks, AwsClients aws, MeterRegistry meters,
                 @Value("${portal.status.poll-interval:PT5S}") Duration interval, @Value("${portal.status.readers:8}") int readers,
                 BackgroundLease lease, SharedStatus shared) {
        this.lease = lease;
        this.shared = shared;
        this.environments = environments;
        this.stacks = stacks;
        this.reader = new ServiceReader(aws);
        this.heartbeat = new ClusterHeartbeat(aws);
        this.interval = interval;
        this.meters = meters;
        // Environments are read side by side: one slow or failing environment does not hold up the round for the others.
        this.readers = DaemonThreads.fixedPool(readers, "status-reader");
        this.snapshotAge = new EnvironmentGauges(meters, "portal.status.snapshot.age",
                "Seconds since the environment's service was last read; NaN before the first read", this::ageSeconds);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${portal.status.poll-interval:PT5S}")
    void pollAll() {
        List<String> names = environments.names();
        Map<String, StackSummaries.StackSummary> stacksByName = stacks.all();
        readings.keySet().retainAll(names);
        backoffs.keySet().retainAll(names);
        histories.keySet().retainAll(names);
        if (!lease.held()) {
            follow(names, stacksByName);
            return;
        }
        Instant now = clock.instant();
        Map<AwsClients.Target, List<Due>> due = new LinkedHashMap<>();
        for (String name : names) {
            StackSummaries.StackSummary stack = stacksByName.get(name);
            Optional<ServiceReader.Location> location = location(name, stack);
            if (location.isEmpty()) {
                if (readings.remove(name) != null) {
                    shared.forget(name);
                }
                continue;
            }
            Backoff backoff = backoffs.get(name);
            if (backoff != null && now.isBefore(backoff.notBefore())) {
                skipped("backing-off");
            } else if (!reading.add(name)) {
                // Its last read is still waiting on AWS (retrying, or slow): the round goes on without it.
                skipped("still-reading");
            } else {
                due.computeIfAbsent(location.get().target(), target -> new ArrayList<>())
                        .add(new Due(name, location.get(), stack.runningOperationId() != null));
            }
        }
        due.forEach((target, environments) -> readers.execute(() -> readAll(target, environments)));
        snapshotAge.keep(readings.keySet());
    }

    /** Another instance holds the lease and reads AWS: this one takes what it recorded, and asks AWS nothing. */
    private void follow(List<String> names, Map<String, StackSummaries.StackSummary> stacksByName) {
        shared.readings().forEach((name, reading) -> {
            if (!names.contains(name) || location(name, stacksByName.get(name)).isEmpty()) {
                readings.remove(name);
                return;
            }
            Reading last = readings.put(name, new Reading(reading.snapshot(), reading.problem(), reading.problemAt(), null));
            boolean newSnapshot = reading.snapshot() != null && (last == null || last.snapshot() == null
                    || !reading.snapshot().takenAt().equals(last.snapshot().takenAt()));
            if (newSnapshot) {
                histories.computeIfAbsent(name, key -> new ServiceHistory()).add(ServiceHistory.Sample.of(reading.snapshot()));
            }
        });
        snapshotAge.keep(readings.keySet());
    }

    /** One account and region's environments: the clusters' counts in one look, then each environment side by side. */
    private void readAll(AwsClients.Target target, List<Due> environments) {
        Map<String, ClusterHeartbeat.Counts> counts;
        try {
            counts = heartbeat.look(target, environments.stream().map(environment -> environment.location().cluster()).toList());
        } catch (SdkException e) {
            // Without the look every service is described, as before there was one; each read then meets AWS's answer itself.
            log.debug("event=cluster_look_failed region={} problem=\"{}\"", target.region(), e.getMessage());
            counts = Map.of();
        }
        for (Due environment : environments) {
            ClusterHeartbeat.Counts clusterCounts = counts.get(environment.location().cluster());
            readers.execute(() -> {
                try {
                    read(environment, clusterCounts);
                } finally {
                    reading.remove(environment.name());
                }
            });
        }
    }

    private void read(Due environment, ClusterHeartbeat.Counts counts) {
        String name = environment.name();
        Timer.Sample sample = Timer.start(meters);
        String outcome = "read";
        try {
            Reading last = readings.get(name);
            Instant now = clock.instant();
            boolean describe = mustDescribe(last, counts, environment.operationRunning(), now);
            ServiceSnapshot snapshot = reader.read(environment.location(), last == null ? null : last.snapshot(), now, describe);
            outcome = snapshot.describedAt().equals(now) ? "read" : "confirmed";
            Reading reading = new Reading(snapshot, null, null, counts);
            readings.put(name, reading);
            shared.recordReading(name, reading);
            histories.computeIfAbsent(name, key -> new ServiceHistory()).add(ServiceHistory.Sample.of(snapshot));
            backoffs.remove(name);
        } catch (ServiceReader.ReadFailed e) {
            AwsFailure failure = AwsFailure.of(e.failure(), e.step);
            outcome = failure.kind() == AwsFailure.Kind.THROTTLED ? "throttled" : "failed";
            if (failure.kind() == AwsFailure.Kind.THROTTLED) {
                backOff(name);
            }
            failed(name, failure.message());
        } catch (ServiceReader.ServiceMissing e) {
            outcome = "failed";
            failed(name, e.getMessage() + ".");
        } catch (RuntimeException e) {
            // A bug in this environment's read, not an AWS answer: logged with its cause; the other environments' reads go on.
            outcome = "crashed";
            log.error("event=status_read_crashed environment=\"{}\"", name, e);
        } finally {
            sample.stop(meters.timer("portal.status.reads", "outcome", outcome));
        }
    }

    /** Whether the service may have moved since its last snapshot, so that only DescribeServices can say how. */
    private static boolean mustDescribe(Reading last, ClusterHeartbeat.Counts counts, boolean operationRunning, Instant now) {
        return last == null || last.snapshot() == null || last.problem() != null || counts == null || !counts.equals(last.counts())
                || operationRunning || HealthRule.of(last.snapshot()).health() != Health.HEALTHY
                || !last.snapshot().describedAt().plus(DESCRIBE_AT_LEAST_EVERY).isAfter(now);
    }

    private void skipped(String why) {
        meters.counter("portal.status.reads.skipped", "why", why).increment();
    }

    /**
     * After the SDK's own retries, a throttled environment waits: twice the poll interval, then four times, up to a minute,
     * each wait jittered down by up to half so that environments throttled together do not come back together. Its
     * snapshot meanwhile stays, and the pages say how old it is.
     */
    private void backOff(String name) {
        backoffs.compute(name, (key, before) -> {
            int throttled = before == null ? 1 : before.throttled() + 1;
            long longest = Math.min(LONGEST_BACKOFF.toMillis(), interval.toMillis() << Math.min(throttled, 16));
            long wait = longest / 2 + ThreadLocalRandom.current().nextLong(longest / 2 + 1);
            return new Backoff(throttled, clock.instant().plusMillis(wait));
        });
    }

    private double ageSeconds(String name) {
        Reading reading = readings.get(name);
        return reading == null || reading.snapshot() == null ? Double.NaN
                : Duration.between(reading.snapshot().takenAt(), clock.instant()).toMillis() / 1000.0;
    }

    @Override
    public void destroy() {
        readers.shutdownNow();
    }

    private void failed(String name, String problem) {
        Reading last = readings.get(name);
        if (last == null || !problem.equals(last.problem())) {
            // Once per new problem, not once per poll: a refusal that lasts an hour is one line, not 720.
            log.warn("event=status_read_failed environment=\"{}\" problem=\"{}\"", name, problem);
        }
        Reading reading = readings.compute(name, (key, previous) -> new Reading(previous == null ? null : previous.snapshot(), problem,
                clock.instant(), null));
        shared.recordReading(name, reading);
    }

    /** Where the environment's service is, once its stack is up and says so in its outputs. */
    Optional<ServiceReader.Location> location(String name) {
        return location(name, stacks.of(name).orElse(null));
    }

    private Optional<ServiceReader.Location> location(String name, StackSummaries.StackSummary stack) {
        if (!hasService(stack)) {
            return Optional.empty();
        }
        Map<String, String> outputs = stack.outputs();
        return environments.find(name).map(environment -> new ServiceReader.Location(environment.awsTarget(), outputs.get("ClusterName"),
                outputs.get("ServiceName"), outputs.get("TargetGroupArn")));
    }

    /** A stack that is up and names its cluster and service in its outputs: an environment with a service to read. */
    static boolean hasService(StackSummaries.StackSummary stack) {
        return stack != null && !stack.destroyed() && stack.outputs() != null && stack.outputs().get("ClusterName") != null
                && stack.outputs().get("ServiceName") != null;
    }

    /** The environment's status from the newest reading; "Not provisioned" while it has no service to read. */
    EnvironmentStatus status(String name, String recordedTag) {
        if (location(name).isEmpty()) {
            return EnvironmentStatus.notProvisioned(name, recordedTag);
        }
        return EnvironmentStatus.of(name, recordedTag, readings.get(name), clock.instant());
    }

    /** The environment's last hour, as the chart draws it: empty columns before the first read. */
    ServiceHistory.Columns history(String name) {
        ServiceHistory history = histories.get(name);
        return history == null ? new ServiceHistory().columns() : history.columns();
    }

    Optional<Reading> reading(String name) {
        return Optional.ofNullable(readings.get(name));
    }

    Instant now() {
        return clock.instant();
    }
}
