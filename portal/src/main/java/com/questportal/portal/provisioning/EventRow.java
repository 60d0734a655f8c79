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

    static EventRow of(StackOperation operation, StackEventRecord event) {
        String status = event.getStatus();
        return new EventRow(event.getId(), event.getOccurredAt().toString(),
                Duration.between(operation.getStartedAt(), event.getOccurredAt()).toSeconds(), event.getLogicalId(), event.getResourceType(),
                status, symbol(status) + " " + status, tone(status), event.getReason() == null ? "" : event.getReason());
    }

    private static String symbol(String status) {
        if (status.endsWith("_IN_PROGRESS")) {
            return "◔";
        }
        if (status.endsWith("_SKIPPED")) {
            return "○";
        }
        return failed(status) ? "✗" : "✓";
    }

    private static String tone(String status) {
        if (status.endsWith("_IN_PROGRESS")) {
            return "status-warn";
        }
        if (status.endsWith("_SKIPPED")) {
            return "status-none";
        }
        return failed(status) ? "status-bad" : "status-ok";
    }

    /** A resource that failed, or a stack that ended rolled back. */
    private static boolean failed(String status) {
        return status.endsWith("_FAILED") || status.endsWith("ROLLBACK_COMPLETE");
    }
}
