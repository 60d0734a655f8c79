package com.questportal.portal.deployment;

import com.questportal.portal.environment.Environment;
import com.questportal.portal.provisioning.ProvisioningRefused;
import com.questportal.portal.provisioning.RefusedPages;
import com.questportal.portal.provisioning.StackOperation;
import com.questportal.portal.status.LiveStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * The live rollout panel of a deploy's, rollback's or redeploy's operation page, which the page reloads every couple of
 * seconds while it is worth watching: from the status poller's snapshot, never AWS. While it is, it asks the quest's checks
 * again (at most one round every few seconds per environment, however many watch), so that they turn green on the new tag.
 */
@Controller
class RolloutController {

    private final Deployments deployments;
    private final LiveStatus live;
    private final Clock clock = Clock.systemUTC();

    RolloutController(Deployments deployments, LiveStatus live) {
        this.deployments = deployments;
        this.live = live;
    }

    @GetMapping("/environments/{name}/operations/{id}/rollout")
    String rollout(@PathVariable String name, @PathVariable long id, Model model) {
        StackOperation operation = deployment(name, id);
        Environment environment = deployments.environment(name);
        Rollout rollout = Rollout.of(Rollout.Deploy.of(operation), live.of(environment), clock.instant());
        if (rollout.watching()) {
            live.askQuestChecksSoon(environment);
        }
        DeploymentOutcome outcome = DeploymentOutcome.of(operation);
        model.addAttribute("name", name);
        model.addAttribute("rollout", rollout);
        model.addAttribute("outcome", outcome);
        model.addAttribute("outcomeSentence", outcome.sentence(operation));
        model.addAttribute("cause", operation.getProblem());
        model.addAttribute("cancellable", operation.isRunning() && operation.getType().changesImageTag()
                && operation.getCancelRequestedBy() == null);
        model.addAttribute("rollbackTo", deployments.rollbackTargetUndoing(name, operation.getId()).orElse(null));
        return "deployment/rollout";
    }

    /** What cancelling does, and the button that does it. */
    @GetMapping("/environments/{name}/deployments/{id}/cancel")
    String confirmCancel(@PathVariable String name, @PathVariable long id, Model model) {
        StackOperation operation = deployment(name, id);
        model.addAttribute("name", name);
        model.addAttribute("operation", operation);
        model.addAttribute("kind", operation.getType().name().toLowerCase(java.util.Locale.ROOT));
        return "deployment/cancel";
    }

    @PostMapping("/environments/{name}/deployments/{id}/cancel")
    String cancel(@PathVariable String name, @PathVariable long id, Principal principal, Model model, HttpServletRequest request,
                  HttpServletResponse response) {
        try {
            deployments.cancel(name, id, principal.getName(), request);
            return "redirect:/environments/" + name + "/operations/" + id;
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        }
    }

    private StackOperation deployment(String name, long id) {
        return deployments.find(name, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no deployment " + id + " on " + name + "."));
    }
}
