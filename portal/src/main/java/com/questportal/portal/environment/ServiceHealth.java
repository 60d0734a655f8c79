package com.questportal.portal.environment;

import java.util.List;
import java.util.Map;

/**
 * The live health of environments' services, as the status poller last read it; the environment pages show it
 * without depending on how it is read.
 */
public interface ServiceHealth {

    /**
     * One environment's health in words and symbol, its tasks and the tags they run, how old that reading is, and how
     * many of the quest's checks passed in their last round ("5 of 5 ✓"; null before the first).
     */
    record Badge(String label, String tone, String why, int running, int pending, int desired, List<String> runningTags,
                 Long ageSeconds, String questChecks) {

        /** "2 / 2", with the pending ones when there are: "1 / 2 (1 pending)". */
        public String tasks() {
            return running + " / " + desired + (pending > 0 ? " (" + pending + " pending)" : "");
        }
    }

    /** The badges of the environments whose stacks are given (as {@link StackSummaries#all()} has them), by name; one not in it has no service. */
    Map<String, Badge> of(Map<String, StackSummaries.StackSummary> stacks);
}
