package com.questportal.portal.status;

import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * The environment page's service panel — health, quest checks, deployments, tasks, targets, events — loaded into the
 * page and reloaded every few seconds by the page itself; it reads the poller's last snapshot, never AWS.
 */
@Controller
class ServicePanelController {

    /** The service events an operator scrolls through; ECS keeps up to 100. */
    static final int EVENTS_SHOWN = 50;

    private final EnvironmentDirectory environments;
    private final StatusPoller poller;
    private final LiveStatus live;
    private final QuestChecks questChecks;
    private final TrafficMetrics traffic;

    ServicePanelController(EnvironmentDirectory environments, StatusPoller poller, LiveStatus live, QuestChecks questChecks,
                           TrafficMetrics traffic) {
        this.environments = environments;
        this.poller = poller;
        this.live = live;
        this.questChecks = questChecks;
        this.traffic = traffic;
    }

    @GetMapping("/environments/{name}/service")
    String panel(@PathVariable String name, Model model) {
        EnvironmentStatus status = live.of(existing(name));
        model.addAttribute("name", name);
        model.addAttribute("status", status);
        model.addAttribute("events", status.events().stream().limit(EVENTS_SHOWN).toList());
        return "status/service-panel";
    }

    /** The last hour of the service, for the page's chart: the poller's samples, never a call to AWS. */
    @GetMapping(path = "/environments/{name}/service/history", produces = "application/json")
    @ResponseBody
    ServiceHistory.Columns history(@PathVariable String name) {
        existing(name);
        return poller.history(name);
    }

    /** The load balancer's last hour from CloudWatch, for the page's traffic chart: shared by everyone who looks. */
    @GetMapping(path = "/environments/{name}/traffic", produces = "application/json")
    @ResponseBody
    TrafficChart traffic(@PathVariable String name) {
        existing(name);
        return traffic.lastHour(name);
    }

    /** Asks the checks now; the panel (from the page's own script) or, without it, the page again shows the round. */
    @PostMapping("/environments/{name}/quest-checks")
    String checkNow(@PathVariable String name, @RequestHeader(name = "HX-Request", required = false) String fromThePage, Model model) {
        existing(name);
        questChecks.checkNow(name);
        return fromThePage != null ? panel(name, model) : "redirect:/environments/" + name + "#quest-checks";
    }

    private Environment existing(String name) {
        return environments.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no environment named " + name + "."));
    }
}
