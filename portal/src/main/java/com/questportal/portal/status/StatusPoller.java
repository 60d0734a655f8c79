package com.questportal.portal.status;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.StackSummaries;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The one reader of every environment's service: each poll interval ({@code portal.status.poll-interval}, 5 s) it reads
 * the service of each environment whose stack is up, and keeps the newest reading. Pages and the API read the reading,
 * never AWS, so the AWS calls depend on the number of environments, not on the number of people watching. One
 * environment's failure is kept with its reading and does not stop the round for the others.
 */
@Component
class StatusPoller {

    private static final Logger log = LoggerFactory.getLogger(StatusPoller.class);

    /** The newest snapshot, and the newest failure to read (null after a good read). */
    record Reading(ServiceSnapshot snapshot, String problem, Instant problemAt) {
    }

    private final EnvironmentDirectory environments;
    private final StackSummaries stacks;
    private final ServiceReader reader;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    StatusPoller(EnvironmentDirectory environments, StackSummaries stacks, AwsClients aws) {
        this.environments = environments;
        this.stacks = stacks;
        this.reader = new ServiceReader(aws);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${portal.status.poll-interval:PT5S}")
    void pollAll() {
        List<String> names = environments.names();
        Map<String, StackSummaries.StackSummary> stacksByName = stacks.all();
        readings.keySet().retainAll(names);
        for (String name : names) {
            Optional<ServiceReader.Location> location = location(name, stacksByName.get(name));
            if (location.isEmpty()) {
                readings.remove(name);
                continue;
            }
            try {
                readings.put(name, new Reading(reader.read(location.get(), clock.instant()), null, null));
            } catch (ServiceReader.ReadFailed e) {
                failed(name, AwsFailure.of(e.failure(), e.step).message());
            } catch (ServiceReader.ServiceMissing e) {
                failed(name, e.getMessage() + ".");
            }
        }
    }

    private void failed(String name, String problem) {
        Reading last = readings.get(name);
        if (last == null || !problem.equals(last.problem())) {
            // Once per new problem, not once per poll: a refusal that lasts an hour is one line, not 720.
            log.warn("event=status_read_failed environment=\"{}\" problem=\"{}\"", name, problem);
        }
        readings.compute(name, (key, previous) -> new Reading(previous == null ? null : previous.snapshot(), problem, clock.instant()));
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

    Optional<Reading> reading(String name) {
        return Optional.ofNullable(readings.get(name));
    }

    Instant now() {
        return clock.instant();
    }
}
