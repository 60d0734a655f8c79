package com.questportal.portal.provisioning;

import com.questportal.portal.api.ApiProblems;
import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.security.EnvironmentScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Plans, applies and destroys through the API, as a CI job drives them: 202 with the URL to follow, 409 with the running operation's. */
@RestController
@Tag(name = "Provisioning")
@SecurityRequirement(name = "token")
class ProvisioningApiController {

    /** A plan as the API shows it; {@code taskCount} says what it does to the number of tasks where auto scaling is involved. */
    record PlanView(long id, String environment, String status, String changeSetType, boolean expired, List<PlannedChange> changes,
                    List<ParameterChange> parameterChanges, String taskCount, String problem, String createdBy, Instant createdAt) {
    }

    /** An operation as the API shows it, with the stack events it saw. */
    record OperationView(long id, String environment, String type, String status, String stackStatus, Long planId, String startedBy,
                         Instant startedAt, Instant finishedAt, String problem, String summary, List<FailedTaskView> failedTasks,
                         List<ServiceEventView> serviceEvents, int resourcesDone, int resourcesTotal, List<EventView> events) {
    }

    /** What ECS said about the stack's service while the operation ran. */
    record ServiceEventView(Instant at, String message) {
    }

    /** A task that failed while the operation ran: why ECS stopped it and the last lines it wrote, kept with the operation. */
    record FailedTaskView(String taskId, String imageTag, Instant stoppedAt, String stopCode, String stoppedReason, Integer exitCode,
                          List<String> lastLines) {
    }

    record EventView(Instant time, String logicalId, String resourceType, String status, String reason) {
    }

    private final Planner planner;
    private final Operations operations;
    private final EnvironmentDirectory environments;
    private final AuditTrail audit;
    private final DriftCheck driftCheck;
    private final OperationStream stream;
    private final FailureEvidence evidence;
    private final DriftRestore driftRestore;
    private final TaskCountNote taskCountNote;

    ProvisioningApiController(Planner planner, Operations operations, EnvironmentDirectory environments, AuditTrail audit,
                              DriftCheck driftCheck, OperationStream stream, FailureEvidence evidence, DriftRestore driftRestore,
                              TaskCountNote taskCountNote) {
        this.taskCountNote = taskCountNote;
        this.evidence = evidence;
        this.driftRestore = driftRestore;
        this.stream = stream;
        this.driftCheck = driftCheck;
        this.planner = planner;
        this.operations = operations;
        this.environments = environments;
        this.audit = audit;
    }

    @PostMapping("/api/v1/environments/{name}/plans")
    @Operation(summary = "Starts a plan (a CloudFormation change set); 202 with its URL, to poll until READY, EMPTY or FAILED")
    ResponseEntity<PlanView> plan(@PathVariable String name, Authentication caller, HttpServletRequest request) {
        EnvironmentScope.require(caller, name);
        try {
            StackPlan plan = planner.plan(name, caller.getName());
            audit.record(request, caller.getName(), "plan.create", name, Outcome.SUCCEEDED, "plan " + plan.getId());
            return ResponseEntity.accepted().location(URI.create("/api/v1/environments/" + name + "/plans/" + plan.getId()))
                    .body(view(plan));
        } catch (ProvisioningRefused refused) {
            audit.record(request, caller.getName(), "plan.create", name, Outcome.REFUSED, refused.getMessage());
            throw ProvisioningProblems.of(refused);
        }
    }

    @GetMapping("/api/v1/environments/{name}/plans/{id}")
    @Operation(summary = "A plan: CREATING, READY (with its changes), EMPTY, FAILED, DISCARDED or APPLIED")
    PlanView showPlan(@PathVariable String name, @PathVariable long id, Authentication caller) {
        EnvironmentScope.require(caller, name);
        return view(planner.find(name, id).orElseThrow(() -> ApiProblems.notFound("There is no plan " + id + " for " + name + ".")));
    }

    @DeleteMapping("/api/v1/environments/{name}/plans/{id}")
    @Operation(summary = "Discards a plan: its change set is deleted and it can no longer be applied")
    PlanView discard(@PathVariable String name, @PathVariable long id, Authentication caller, HttpServletRequest request) {
        EnvironmentScope.require(caller, name);
        try {
            StackPlan discarded = planner.discard(name, id);
            audit.record(request, caller.getName(), "plan.discard", name, Outcome.SUCCEEDED, "plan " + id);
            return view(discarded);
        } catch (ProvisioningRefused refused) {
            audit.record(request, caller.getName(), "plan.discard", name, Outcome.REFUSED, refused.getMessage());
            throw ProvisioningProblems.of(refused);
        }
    }

    @PostMapping("/api/v1/environments/{name}/plans/{id}/apply")
    @Operation(summary = "Applies exactly this plan's change set; 202 with the operation's URL, 409 while another operation runs")
    ResponseEntity<OperationView> apply(@PathVariable String name, @PathVariable long id, Authentication caller, HttpServletRequest request) {
        EnvironmentScope.require(caller, name);
        try {
            StackOperation operation = operations.apply(name, id, caller.getName());
            audit.record(request, caller.getName(), "stack.apply", name, operation.isRunning() ? Outcome.SUCCEEDED : Outcome.FAILED,
                    "plan " + id + ", operation " + operation.getId());
            return accepted(operation);
        } catch (ProvisioningRefused refused) {
            audit.record(request, caller.getName(), "stack.apply", name, Outcome.REFUSED, refused.getMessage());
            throw ProvisioningProblems.of(refused);
        } catch (OperationBusy busy) {
            audit.record(request, caller.getName(), "stack.apply", name, Outcome.REFUSED, busy.getMessage());
            throw ProvisioningProblems.of(busy);
        }
    }

    @DeleteMapping("/api/v1/environments/{name}/stack")
    @Operation(summary = "Destroys the stack (confirm=<name>); 202 with the operation's URL")
    ResponseEntity<OperationView> destroy(@PathVariable String name, @RequestParam(required = false) String confirm, Authentication caller,
                                          HttpServletRequest request) {
        EnvironmentScope.require(caller, name);
        try {
            StackOperation operation = operations.destroy(name, confirm, caller.getName());
            audit.record(request, caller.getName(), "stack.destroy", name, operation.isRunning() ? Outcome.SUCCEEDED : Outcome.FAILED,
                    "operation " + operation.getId());
            return accepted(operation);
        } catch (ProvisioningRefused refused) {
            audit.record(request, caller.getName(), "stack.destroy", name, Outcome.REFUSED, refused.getMessage());
            throw ProvisioningProblems.of(refused);
        } catch (OperationBusy busy) {
            audit.record(request, caller.getName(), "stack.destroy", name, Outcome.REFUSED, busy.getMessage());
            throw ProvisioningProblems.of(busy);
        }
    }

    @PostMapping("/api/v1/environments/{name}/drift")
    @Operation(summary = "Checks the stack for drift: resources changed or deleted outside CloudFormation, property by property")
    DriftCheck.Report checkDrift(@PathVariable String name, Authentication caller) {
        EnvironmentScope.require(caller, name);
        try {
            return driftCheck.check(environments.find(name).orElseThrow(() -> ApiProblems.notFound("There is no environment named "
                    + name + ".")));
        } catch (ProvisioningRefused refused) {
            throw ProvisioningProblems.of(refused);
        }
    }

    @PostMapping("/api/v1/environments/{name}/drift/restore")
    @Operation(summary = "Checks drift afresh and puts back the drifted values the portal sets directly (the service's desired count, "
            + "the log group's retention) as a RESTORE operation, finished when this answers; its summary says what was put back "
            + "and what was left. 409 when nothing it can put back has drifted or another operation runs")
    OperationView restoreDrift(@PathVariable String name, Authentication caller, HttpServletRequest request) {
        EnvironmentScope.require(caller, name);
        try {
            StackOperation operation = driftRestore.restore(name, caller.getName());
            audit.record(request, caller.getName(), "stack.restore", name, DriftRestore.outcome(operation), DriftRestore.inWords(operation));
            return view(operation);
        } catch (ProvisioningRefused refused) {
            audit.record(request, caller.getName(), "stack.restore", name, Outcome.REFUSED, refused.getMessage());
            throw ProvisioningProblems.of(refused);
        } catch (OperationBusy busy) {
            audit.record(request, caller.getName(), "stack.restore", name, Outcome.REFUSED, busy.getMessage());
            throw ProvisioningProblems.of(busy);
        }
    }

    @GetMapping("/api/v1/operations/{id}")
    @Operation(summary = "An operation: type, status, times, the stack events seen, and the failure's reason")
    OperationView showOperation(@PathVariable long id, Authentication caller) {
        StackOperation operation = operations.find(id).filter(found -> EnvironmentScope.permits(caller, found.getEnvironmentName()))
                .orElseThrow(() -> ApiProblems.notFound("There is no operation " + id + "."));
        return view(operation);
    }

    @PostMapping("/api/v1/operations/{id}/end")
    @Operation(summary = "Ends (FAILED) a running operation AWS no longer knows about; 409 while CloudFormation still works on the stack")
    OperationView endOperation(@PathVariable long id, Authentication caller, HttpServletRequest request) {
        StackOperation operation = operations.find(id).filter(found -> EnvironmentScope.permits(caller, found.getEnvironmentName()))
                .orElseThrow(() -> ApiProblems.notFound("There is no operation " + id + "."));
        try {
            StackOperation ended = operations.end(id, caller.getName());
            stream.pushAll();
            audit.record(request, caller.getName(), "operation.end", operation.getEnvironmentName(), Outcome.SUCCEEDED,
                    "operation " + id + ": " + ended.getProblem());
            return view(ended);
        } catch (ProvisioningRefused refused) {
            audit.record(request, caller.getName(), "operation.end", operation.getEnvironmentName(), Outcome.REFUSED,
                    "operation " + id + ": " + refused.getMessage());
            throw ProvisioningProblems.of(refused);
        }
    }

    private ResponseEntity<OperationView> accepted(StackOperation operation) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/operations/" + operation.getId())).body(view(operation));
    }

    private OperationView view(StackOperation operation) {
        List<StackEventRecord> events = operations.events(operation.getId());
        OperationProgress progress = OperationProgress.of(operation, events);
        return new OperationView(operation.getId(), operation.getEnvironmentName(), operation.getType().name(), operation.getStatus().name(),
                operation.getStackStatus(), operation.getPlanId(), operation.getStartedBy(), operation.getStartedAt(),
                operation.getFinishedAt(), operation.getProblem(), operation.getSummary(), evidence.of(operation.getId()).stream().map(task -> new FailedTaskView(
                        task.getTaskId(), task.getImageTag(), task.getStoppedAt(), task.getStopCode(), task.getStoppedReason(),
                        task.getExitCode(), task.getLastLines())).toList(), evidence.serviceEventsOf(operation.getId()).stream()
                        .map(event -> new ServiceEventView(event.getOccurredAt(), event.getMessage())).toList(), progress.done(), progress.total(),
                events.stream().map(event -> new EventView(event.getOccurredAt(), event.getLogicalId(), event.getResourceType(),
                        event.getStatus(), event.getReason())).toList());
    }

    private PlanView view(StackPlan plan) {
        boolean expired = environments.find(plan.getEnvironmentName())
                .map(environment -> environment.getVersion() != plan.getEnvironmentVersion()).orElse(true);
        List<ParameterChange> parameterChanges = planner.parameterChangesOf(plan);
        return new PlanView(plan.getId(), plan.getEnvironmentName(), plan.getStatus().name(), plan.getChangeSetType(), expired,
                planner.changesOf(plan), parameterChanges, taskCountNote.of(plan, parameterChanges), plan.getProblem(),
                plan.getCreatedBy(), plan.getCreatedAt());
    }
}
