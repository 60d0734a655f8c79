package com.questportal.portal.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An environment's status as pages and the API show it: the health word and why, the task counts, the tags running
 * and the one recorded, and what the newest snapshot holds, with its age; and the newest round of the quest's checks.
 */
public record EnvironmentStatus(String environment, String health, String label, String why, String serviceStatus,
                                String deploymentConfiguration, int desired, int running, int pending,
                                List<String> runningTags, String recordedTag, List<ServiceSnapshot.Deployment> deployments,
                                List<ServiceSnapshot.Task> tasks, List<ServiceSnapshot.Target> targets,
                                List<ServiceSnapshot.Event> events, Instant takenAt, Long ageSeconds, String problem,
                                QuestCheckRound questChecks) {

    static EnvironmentStatus notProvisioned(String environment, String recordedTag) {
        return new EnvironmentStatus(environment, Health.NOT_PROVISIONED.word(), Health.NOT_PROVISIONED.label(),
                "the environment has no stack running", null, null, 0, 0, 0, List.of(), recordedTag, List.of(), List.of(), List.of(), List.of(),
                null, null, null, null);
    }

    static EnvironmentStatus of(String environment, String recordedTag, StatusPoller.Reading reading, Instant now) {
        ServiceSnapshot snapshot = reading == null ? null : reading.snapshot();
        if (snapshot == null) {
            String why = reading == null ? "the service has not been read yet" : "the service could not be read: " + reading.problem();
            return new EnvironmentStatus(environment, Health.UNKNOWN.word(), Health.UNKNOWN.label(), why, null, null, 0, 0, 0, List.of(), recordedTag,
                    List.of(), List.of(), List.of(), List.of(), null, null, reading == null ? null : reading.problem(), null);
        }
        HealthRule.Verdict verdict = HealthRule.of(snapshot);
        return new EnvironmentStatus(environment, verdict.health().word(), verdict.health().label(), verdict.why(),
                snapshot.serviceStatus(), snapshot.deploymentConfiguration(), snapshot.desired(),
                snapshot.running(), snapshot.pending(), snapshot.runningTags(), recordedTag, snapshot.deployments(), snapshot.tasks(),
                snapshot.targets(), snapshot.events(), snapshot.takenAt(), Duration.between(snapshot.takenAt(), now).toSeconds(),
                reading.problem(), null);
    }

    /** The same status with the newest round of the quest's checks, which run on their own schedule. */
    EnvironmentStatus withQuestChecks(QuestCheckRound round) {
        return new EnvironmentStatus(environment, health, label, why, serviceStatus, deploymentConfiguration, desired, running, pending, runningTags, recordedTag, deployments,
                tasks, targets, events, takenAt, ageSeconds, problem, round);
    }

    /** The badge's style class for pages. */
    public String tone() {
        return Health.ofWord(health).tone();
    }
}
