package com.questportal.portal.provisioning;

import com.questportal.portal.environment.EnvironmentDeleted;
import com.questportal.portal.environment.StackSummaries;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stack summaries from what the operation watcher recorded: reading them costs no AWS call. */
@Component
class RecordedStackSummaries implements StackSummaries {

    private final StackStateRepository states;
    private final StackOperationRepository operations;
    private final JsonMapper json;

    RecordedStackSummaries(StackStateRepository states, StackOperationRepository operations, JsonMapper json) {
        this.states = states;
        this.operations = operations;
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<StackSummary> of(String environmentName) {
        return states.findById(environmentName).map(state -> summary(state,
                operations.findByActiveEnvironment(environmentName).map(StackOperation::getId).orElse(null)));
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, StackSummary> all() {
        Map<String, Long> running = new HashMap<>();
        operations.findByStatus(StackOperation.Status.RUNNING).forEach(operation -> running.put(operation.getEnvironmentName(),
                operation.getId()));
        Map<String, StackSummaries.LastOperation> newest = new HashMap<>();
        operations.findNewestOfEachEnvironment().forEach(operation -> newest.put(operation.getEnvironmentName(),
                new StackSummaries.LastOperation(operation.getId(), operation.getType().name(), operation.getStatus().name(),
                        operation.getFinishedAt() != null ? operation.getFinishedAt() : operation.getStartedAt())));
        Map<String, StackSummary> summaries = new HashMap<>();
        states.findAll().forEach(state -> summaries.put(state.getEnvironmentName(), summary(state, running.get(state.getEnvironmentName()),
                newest.get(state.getEnvironmentName()))));
        return summaries;
    }

    /** A deleted environment's last stack state goes with it, so that a new one of that name starts "not provisioned". */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void forget(EnvironmentDeleted deleted) {
        states.findById(deleted.name()).ifPresent(states::delete);
    }

    private StackSummary summary(StackStateRecord state, Long runningOperation) {
        return summary(state, runningOperation, null);
    }

    private StackSummary summary(StackStateRecord state, Long runningOperation, StackSummaries.LastOperation newest) {
        Map<String, String> outputs = state.getOutputs() == null ? Map.of()
                : json.readValue(state.getOutputs(), new TypeReference<Map<String, String>>() { });
        return new StackSummary(state.getStackStatus(), outputs, runningOperation, newest);
    }
}
