package com.questportal.portal.provisioning;

import java.util.List;
import java.util.Set;

/** How far an operation is: resources done out of those it touches, for the progress bar. */
public record OperationProgress(int done, int total) {

    private static final Set<String> SETTLED = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "DELETE_SKIPPED",
            "CREATE_FAILED", "UPDATE_FAILED", "DELETE_FAILED");

    static OperationProgress of(StackOperation operation, List<StackEventRecord> events) {
        long done = events.stream().filter(event -> !event.getResourceType().equals(StackEventRecord.STACK_TYPE))
                .filter(event -> SETTLED.contains(event.getStatus())).map(StackEventRecord::getLogicalId).distinct().count();
        int total = Math.max(operation.getResourceTotal(), (int) done);
        return new OperationProgress((int) done, total);
    }

    public int percent() {
        return total == 0 ? 0 : Math.min(100, done * 100 / total);
    }
}
