package com.questportal.portal.environment;

import java.util.Map;
import java.util.Optional;

/**
 * What is known of environments' stacks, as provisioning records it; the environment pages and API
 * show it without depending on how it is learned.
 */
public interface StackSummaries {

    /** A stack's last known status, its outputs as it stands (none once deleted), and the operation running on it (its id), if any. */
    record StackSummary(String status, Map<String, String> outputs, Long runningOperationId) {

        /** The status in words with a symbol, so that it never rests on colour alone. */
        public String label() {
            if (destroyed()) {
                return "○ destroyed";
            }
            if (status.endsWith("_IN_PROGRESS")) {
                return "◔ " + status;
            }
            return (healthy() ? "✓ " : "✗ ") + status;
        }

        public String tone() {
            return destroyed() ? "status-none" : status.endsWith("_IN_PROGRESS") ? "status-warn" : healthy() ? "status-ok" : "status-bad";
        }

        /** The stack was deleted on purpose: nothing runs, nothing is wrong. */
        public boolean destroyed() {
            return status.equals("DELETE_COMPLETE");
        }

        private boolean healthy() {
            return status.endsWith("_COMPLETE") && !status.contains("ROLLBACK") && !status.equals("DELETE_COMPLETE");
        }
    }

    Optional<StackSummary> of(String environmentName);

    Map<String, StackSummary> all();
}
