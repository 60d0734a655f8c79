package com.questportal.portal.status;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.StackSummaries;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

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
        readings.keySet().retainAll(environments.names());
        for (String name : environments.names()) {
            Optional<ServiceReader.Location> location = location(name);
            if (location.isEmpty()) {
                readings.remove(name);
                continue;
            }
            try {
                readings.put(name, new Reading(reader.read(location.get(), clock.instant()), null, null));
            } catch (SdkException e) {
                failed(name, AwsFailure.of(e, "ecs:DescribeServices").message());
            } catch (ServiceReader.ServiceMissing e) {
                failed(name, e.getMessage() + ".");
            }
        }
    }

    private void failed(String name, String problem) {
        log.warn("event=status_read_failed environment=\"{}\" problem=\"{}\"", name, problem);
        readings.compute(name, (key, last) -> new Reading(last == null ? null : last.snapshot(), problem, clock.instant()));
    }

    /** Where the environment's service is, once its stack is up and says so in its outputs. */
    Optional<ServiceReader.Location> location(String name) {
        Optional<Environment> environment = environments.find(name);
        Optional<StackSummaries.StackSummary> stack = stacks.of(name);
        if (environment.isEmpty() || stack.isEmpty() || stack.get().destroyed()) {
            return Optional.empty();
        }
        Map<String, String> outputs = stack.get().outputs();
        if (outputs == null || outputs.get("ClusterName") == null || outputs.get("ServiceName") == null) {
            return Optional.empty();
        }
        return Optional.of(new ServiceReader.Location(environment.get().awsTarget(), outputs.get("ClusterName"), outputs.get("ServiceName"),
                outputs.get("TargetGroupArn")));
    }

    Optional<Reading> reading(String name) {
        return Optional.ofNullable(readings.get(name));
    }

    Instant now() {
        return clock.instant();
    }
}
