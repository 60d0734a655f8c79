package com.questportal.portal.status;

import com.questportal.portal.environment.Environment;
import org.springframework.stereotype.Component;

/**
 * An environment's status for features above this one (a rollout's view): the poller's newest snapshot with the newest
 * round of the quest's checks. It reads what the poller and the checks already hold, never AWS.
 */
@Component
public class LiveStatus {

    private final StatusPoller poller;
    private final QuestChecks questChecks;

    LiveStatus(StatusPoller poller, QuestChecks questChecks) {
        this.poller = poller;
        this.questChecks = questChecks;
    }

    public EnvironmentStatus of(Environment environment) {
        return poller.status(environment.getName(), environment.getImageTag())
                .withQuestChecks(questChecks.latest(environment.getName()).orElse(null));
    }

    /** The tasks wanted and running per minute from {@code start} (a whole minute) to {@code end}, from the poller's readings. */
    public TaskCounts tasksPerMinute(Environment environment, java.time.Instant start, java.time.Instant end) {
        return TaskCounts.perMinute(poller.history(environment.getName()), start, end);
    }

    /** Asks the quest's checks again unless a round runs or just ran; the answer shows in a later {@link #of}. */
    public void askQuestChecksSoon(Environment environment) {
        questChecks.askSoon(environment.getName());
    }
}
