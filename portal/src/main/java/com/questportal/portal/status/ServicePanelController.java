package com.questportal.portal.status;

import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The environment page's service panel — health, deployments, tasks, targets, events — loaded into the page and
 * reloaded every few seconds by the page itself; it reads the poller's last snapshot, never AWS.
 */
@Controller
class ServicePanelController {

    /** The service events an operator scrolls through; ECS keeps up to 100. */
    static final int EVENTS_SHOWN = 50;

    private final EnvironmentDirectory environments;
    private final StatusPoller poller;

    ServicePanelController(EnvironmentDirectory environments, StatusPoller poller) {
        this.environments = environments;
        this.poller = poller;
    }

    @GetMapping("/environments/{name}/service")
    String panel(@PathVariable String name, Model model) {
        Environment environment = environments.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no environment named " + name + "."));
        EnvironmentStatus status = poller.status(name, environment.getImageTag());
        model.addAttribute("name", name);
        model.addAttribute("status", status);
        model.addAttribute("events", status.events().stream().limit(EVENTS_SHOWN).toList());
        return "status/service-panel";
    }
}
