package com.questportal.portal.provisioning;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.StackSummaries;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The stack of an environment on its pages: its panel, plans to review, apply, destroy, and each operation's live progress. */
@Controller
@RequestMapping("/environments/{name}")
class ProvisioningController {

    private final Planner planner;
    private final Operations operations;
    private final OperationStream stream;
    private final EnvironmentDirectory environments;
    private final StackSummaries stacks;
    private final AuditTrail audit;
    private final DriftCheck driftCheck;
    private final FailureEvidence evidence;
    private final DriftRestore driftRestore;
    private final TaskCountNote taskCountNote;

    ProvisioningController(Planner planner, Operations operations, OperationStream stream, EnvironmentDirectory environments,
                           StackSummaries stacks, AuditTrail audit, DriftCheck driftCheck, FailureEvidence evidence,
                           DriftRestore driftRestore, TaskCountNote taskCountNote) {
        this.taskCountNote = taskCountNote;
        this.evidence = evidence;
        this.driftRestore = driftRestore;
        this.driftCheck = driftCheck;
        this.planner = planner;
        this.operations = operations;
        this.stream = stream;
        this.environments = environments;
        this.stacks = stacks;
        this.audit = audit;
    }

    /** The stack panel of the environment page, loaded into it. */
    @GetMapping("/stack")
    String stackPanel(@PathVariable String name, Model model) {
        existing(name);
        model.addAttribute("name", name);
        model.addAttribute("stack", stacks.of(name).orElse(null));
        model.addAttribute("running", operations.running(name).orElse(null));
        model.addAttribute("operations", operations.recent(name));
        model.addAttribute("plans", planner.recent(name));
        return "provisioning/stack-panel";
    }

    @PostMapping("/plans")
    String plan(@PathVariable String name, Principal principal, Model model, HttpServletRequest request, HttpServletResponse response) {
        try {
            StackPlan plan = planner.plan(name, principal.getName());
            audit.record(request, principal.getName(), "plan.create", name, Outcome.SUCCEEDED, "plan " + plan.getId() + " ("
                    + plan.getChangeSetType() + " change set " + plan.getChangeSetName() + ")");
            return "redirect:/environments/" + name + "/plans/" + plan.getId();
        } catch (ProvisioningRefused refused) {
            audit.record(request, principal.getName(), "plan.create", name, Outcome.REFUSED, refused.getMessage());
            return RefusedPages.refused(name, refused, model, response);
        }
    }

    @GetMapping("/plans/{id}")
    String showPlan(@PathVariable String name, @PathVariable long id, Model model) {
        StackPlan plan = planner.find(name, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no plan " + id + " for " + name + "."));
        List<PlannedChange> changes = planner.changesOf(plan);
        model.addAttribute("name", name);
        model.addAttribute("plan", plan);
        model.addAttribute("changes", changes);
        model.addAttribute("dangerous", changes.stream().filter(PlannedChange::dangerous).toList());
        List<ParameterChange> parameterChanges = planner.parameterChangesOf(plan);
        model.addAttribute("parameterChanges", parameterChanges);
        model.addAttribute("taskCountNote", taskCountNote.of(plan, parameterChanges));
        model.addAttribute("expired", environments.find(name).map(environment -> environment.getVersion() != plan.getEnvironmentVersion())
                .orElse(true));
        return "provisioning/plan";
    }

    @PostMapping("/plans/{id}/apply")
    String apply(@PathVariable String name, @PathVariable long id, Principal principal, Model model, HttpServletRequest request,
                 HttpServletResponse response) {
        try {
            StackOperation operation = operations.apply(name, id, principal.getName());
            audit.record(request, principal.getName(), "stack.apply", name, operation.isRunning() ? Outcome.SUCCEEDED : Outcome.FAILED,
                    "plan " + id + ", operation " + operation.getId() + (operation.isRunning() ? " started" : ": " + operation.getProblem()));
            return "redirect:/environments/" + name + "/operations/" + operation.getId();
        } catch (ProvisioningRefused refused) {
            audit.record(request, principal.getName(), "stack.apply", name, Outcome.REFUSED, refused.getMessage());
            return RefusedPages.refused(name, refused, model, response);
        } catch (OperationBusy busy) {
            audit.record(request, principal.getName(), "stack.apply", name, Outcome.REFUSED, busy.getMessage());
            return RefusedPages.busy(name, busy, model, response);
        }
    }

    @PostMapping("/plans/{id}/discard")
    String discard(@PathVariable String name, @PathVariable long id, Principal principal, Model model, HttpServletRequest request,
                   HttpServletResponse response) {
        try {
            planner.discard(name, id);
            audit.record(request, principal.getName(), "plan.discard", name, Outcome.SUCCEEDED, "plan " + id);
            return "redirect:/environments/" + name + "/plans/" + id;
        } catch (ProvisioningRefused refused) {
            audit.record(request, principal.getName(), "plan.discard", name, Outcome.REFUSED, refused.getMessage());
            return RefusedPages.refused(name, refused, model, response);
        }
    }

    @PostMapping("/destroy")
    String destroy(@PathVariable String name, @RequestParam(required = false) String confirm, Principal principal, Model model,
                   HttpServletRequest request, HttpServletResponse response) {
        try {
            StackOperation operation = operations.destroy(name, confirm, principal.getName());
            audit.record(request, principal.getName(), "stack.destroy", name, operation.isRunning() ? Outcome.SUCCEEDED : Outcome.FAILED,
                    "operation " + operation.getId() + (operation.isRunning() ? " started" : ": " + operation.getProblem()));
            return "redirect:/environments/" + name + "/operations/" + operation.getId();
        } catch (ProvisioningRefused refused) {
            audit.record(request, principal.getName(), "stack.destroy", name, Outcome.REFUSED, refused.getMessage());
            return RefusedPages.refused(name, refused, model, response);
        } catch (OperationBusy busy) {
            audit.record(request, principal.getName(), "stack.destroy", name, Outcome.REFUSED, busy.getMessage());
            return RefusedPages.busy(name, busy, model, response);
        }
    }

    @PostMapping("/drift")
    String checkDrift(@PathVariable String name, Model model, HttpServletResponse response) {
        try {
            model.addAttribute("name", name);
            Environment environment = environments.find(name).orElseThrow(() -> new ProvisioningRefused(
                    ProvisioningRefused.Kind.NOT_FOUND, "There is no environment named " + name + "."));
            DriftCheck.Report drift = driftCheck.check(environment);
            model.addAttribute("drift", drift);
            model.addAttribute("restore", DriftRestore.preview(drift, environment.getScalingMin() != null));
            return "provisioning/drift";
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        }
    }

    /** Puts back what drifted and the portal can set; the restore's own page then says what it put back. */
    @PostMapping("/drift/restore")
    String restoreDrift(@PathVariable String name, Principal principal, Model model, HttpServletRequest request, HttpServletResponse response) {
        try {
            StackOperation operation = driftRestore.restore(name, principal.getName());
            audit.record(request, principal.getName(), "stack.restore", name, DriftRestore.outcome(operation), DriftRestore.inWords(operation));
            return "redirect:/environments/" + name + "/operations/" + operation.getId();
        } catch (ProvisioningRefused refused) {
            audit.record(request, principal.getName(), "stack.restore", name, Outcome.REFUSED, refused.getMessage());
            return RefusedPages.refused(name, refused, model, response);
        } catch (OperationBusy busy) {
            audit.record(request, principal.getName(), "stack.restore", name, Outcome.REFUSED, busy.getMessage());
            return RefusedPages.busy(name, busy, model, response);
        }
    }

    @GetMapping("/operations/{id}")
    String showOperation(@PathVariable String name, @PathVariable long id, Model model) {
        StackOperation operation = operation(name, id);
        List<StackEventRecord> events = operations.events(id);
        model.addAttribute("name", name);
        model.addAttribute("operation", operation);
        model.addAttribute("events", events.stream().map(event -> EventRow.of(operation, event)).toList());
        model.addAttribute("progress", OperationProgress.of(operation, events));
        model.addAttribute("failedTasks", evidence.of(id));
        model.addAttribute("serviceEvents", evidence.serviceEventsOf(id));
        model.addAttribute("kept", events.stream().filter(event -> event.getStatus().equals("DELETE_SKIPPED"))
                .map(StackEventRecord::getLogicalId).distinct().toList());
        model.addAttribute("lastEventId", events.isEmpty() ? 0L : events.get(events.size() - 1).getId());
        return "provisioning/operation";
    }

    /** An admin ends an operation AWS no longer knows about; on the audit trail, with what AWS said. */
    @PostMapping("/operations/{id}/end")
    String endOperation(@PathVariable String name, @PathVariable long id, Principal principal, Model model, HttpServletRequest request,
                        HttpServletResponse response) {
        operation(name, id);
        try {
            StackOperation ended = operations.end(id, principal.getName());
            stream.pushAll();
            audit.record(request, principal.getName(), "operation.end", name, Outcome.SUCCEEDED, "operation " + id + ": " + ended.getProblem());
            return "redirect:/environments/" + name + "/operations/" + id;
        } catch (ProvisioningRefused refused) {
            audit.record(request, principal.getName(), "operation.end", name, Outcome.REFUSED, "operation " + id + ": " + refused.getMessage());
            return RefusedPages.refused(name, refused, model, response);
        }
    }

    @GetMapping(path = "/operations/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter operationEvents(@PathVariable String name, @PathVariable long id, @RequestParam(defaultValue = "0") long after) {
        operation(name, id);
        return stream.subscribe(id, after);
    }

    private StackOperation operation(String name, long id) {
        return operations.find(id).filter(operation -> operation.getEnvironmentName().equals(name))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no operation " + id + " on " + name + "."));
    }

    private void existing(String name) {
        if (environments.find(name).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no environment named " + name + ".");
        }
    }
}
