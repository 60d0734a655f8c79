package com.questportal.portal.environment;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What is known of environments' stacks, as provisioning records it; the environment pages and API
 * show it without depending on how it is learned.
 */
public interface StackSummaries {

    /** The newest operation on an environment's stack: which, what it was, how it ended (or that it runs), and when. */
    record LastOperation(long id, String type, String status, Instant at) {

        /** "✓ apply succeeded", "✗ restore failed", "◔ destroy running": the symbol, then the words. */
        public String label() {
            String what = type.toLowerCase(Locale.ROOT) + " " + status.toLowerCase(Locale.ROOT);
            return switch (status) {
                case "SUCCEEDED" -> "✓ " + what;
                case "FAILED" -> "✗ " + what;
                default -> "◔ " + what;
            };
        }

        public String tone() {
            return switch (status) {
                case "SUCCEEDED" -> "status-ok";
                case "FAILED" -> "status-bad";
                default -> "status-warn";
            };
        }
    }

    /**
     * A stack's last known status, its outputs as it stands (none once deleted), the operation running on it (its id), if
     * any, and the newest operation (null where not read).
     */
    record StackSummary(String status, Map<String, String> outputs, Long runningOperationId, LastOperation lastOperation) {

        public StackSummary(String status, Map<String, String> outputs, Long runningOperationId) {
            this(status, outputs, runningOperationId, null);
        }

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
