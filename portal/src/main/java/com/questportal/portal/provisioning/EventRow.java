package com.questportal.portal.provisioning;

import java.time.Duration;

/**
 * A stack event as a row of the operation page, the same whether the page was rendered with it or
 * the live stream brought it: the status keeps CloudFormation's word and gets a symbol and a tone,
 * so that a failure never rests on colour alone.
 *
 * @param time the instant, ISO-8601 in UTC; the page shows it in the viewer's zone
 */
record EventRow(long id, String time, long elapsedSeconds, String logicalId, String type, String status, String label, String tone,
                String reason) {

    /** How a status reads: CloudFormation's word gets one of these symbols and tones. */
    private enum Kind {
        IN_PROGRESS("◔", "status-warn"), SKIPPED("○", "status-none"), FAILED("✗", "status-bad"), DONE("✓", "status-ok");

        final String symbol;
        final String tone;

        Kind(String symbol, String tone) {
            this.symbol = symbol;
            this.tone = tone;
        }

        /** A resource that failed, or a stack that ended rolled back, is a failure. */
        static Kind of(String status) {
            if (status.endsWith("_IN_PROGRESS")) {
                return IN_PROGRESS;
            }
            if (status.endsWith("_SKIPPED")) {
                return SKIPPED;
            }
            return status.endsWith("_FAILED") || status.endsWith("ROLLBACK_COMPLETE") ? FAILED : DONE;
        }
    }

    static EventRow of(StackOperation operation, StackEventRecord event) {
        String status = event.getStatus();
        Kind kind = Kind.of(status);
        return new EventRow(event.getId(), event.getOccurredAt().toString(),
                Duration.between(operation.getStartedAt(), event.getOccurredAt()).toSeconds(), event.getLogicalId(), event.getResourceType(),
                status, kind.symbol + " " + status, kind.tone, event.getReason() == null ? "" : event.getReason());
    }
}
