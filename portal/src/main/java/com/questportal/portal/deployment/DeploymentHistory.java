package com.questportal.portal.deployment;

import com.questportal.portal.provisioning.StackOperation;
import java.time.Duration;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;

/** How the deployment history is paged, timed and written out as CSV. */
final class DeploymentHistory {

    static final int LARGEST_PAGE = 100;
    /** The most rows a CSV download holds: the newest ones. */
    static final int CSV_ROWS = 10_000;
    static final String CSV_HEADER = "id,kind,started_at,started_by,from_tag,to_tag,duration_seconds,outcome,stack_status,reason";

    private DeploymentHistory() {
    }

    /** A page from 0, of 1 to {@value #LARGEST_PAGE} rows; out-of-range values are brought within range. */
    static Pageable page(int page, int size) {
        return PageRequest.of(Math.max(0, page), Math.min(LARGEST_PAGE, Math.max(1, size)));
    }

    /** Seconds from start to end; while it runs, null. */
    static Long durationSeconds(StackOperation deploy) {
        return deploy.getFinishedAt() == null ? null : Duration.between(deploy.getStartedAt(), deploy.getFinishedAt()).toSeconds();
    }

    /** "42 s", "3 min 5 s": as the history and a rollout show how long it took. */
    static String duration(long seconds) {
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    static String csvRow(StackOperation deploy) {
        Long seconds = durationSeconds(deploy);
        return String.join(",", List.of(String.valueOf(deploy.getId()), deploy.getType().name(), deploy.getStartedAt().toString(),
                csv(deploy.getStartedBy()), csv(deploy.getImageTagFrom()), csv(deploy.getImageTagTo()),
                seconds == null ? "" : seconds.toString(), DeploymentOutcome.of(deploy).name(), csv(deploy.getStackStatus()), csv(deploy.getProblem())));
    }

    /**
     * RFC 4180 quoting; a value a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe, since a reason
     * or a token name is text that came from elsewhere.
     */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
