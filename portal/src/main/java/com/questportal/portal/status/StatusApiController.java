package com.questportal.portal.status;

import com.questportal.portal.api.ApiProblems;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.security.EnvironmentScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** An environment's live status through the API: what the poller last read, never a call to AWS of its own. */
@RestController
@Tag(name = "Status")
@SecurityRequirement(name = "token")
class StatusApiController {

    private final EnvironmentDirectory environments;
    private final LiveStatus live;
    private final QuestChecks questChecks;
    private final TrafficMetrics traffic;

    StatusApiController(EnvironmentDirectory environments, LiveStatus live, QuestChecks questChecks, TrafficMetrics traffic) {
        this.environments = environments;
        this.live = live;
        this.questChecks = questChecks;
        this.traffic = traffic;
    }

    @GetMapping("/api/v1/environments/{name}/status")
    @Operation(summary = "The health word and why, running / pending / desired tasks, the tags running, deployments, tasks with "
            + "their stopped reasons, targets and the newest service events, from a snapshot at most a poll interval old; and the "
            + "newest round of the quest's checks")
    EnvironmentStatus status(@PathVariable String name, Authentication caller) {
        return live.of(existing(name, caller));
    }

    @GetMapping("/api/v1/environments/{name}/traffic")
    @Operation(summary = "The load balancer's last hour per minute from CloudWatch (AWS/ApplicationELB): requests, 5xx answers, "
            + "target response time p50 and p99 in milliseconds; read at most once a refresh interval (a minute) for everyone "
            + "who asks; 'problem' says why there is nothing to show")
    TrafficChart traffic(@PathVariable String name, Authentication caller) {
        existing(name, caller);
        return traffic.lastHour(name);
    }

    @PostMapping("/api/v1/environments/{name}/quest-checks")
    @Operation(summary = "Asks the quest's five checks through the environment's load balancer now (or answers with a round at "
            + "most a few seconds old); 409 while the environment has no load balancer up")
    QuestCheckRound checkNow(@PathVariable String name, Authentication caller) {
        existing(name, caller);
        return questChecks.checkNow(name).orElseThrow(() -> ApiProblems.problem(HttpStatus.CONFLICT, "No load balancer",
                "The environment " + name + " has no load balancer up to ask: apply its plan first."));
    }

    private Environment existing(String name, Authentication caller) {
        EnvironmentScope.require(caller, name);
        return environments.find(name).orElseThrow(() -> ApiProblems.notFound("There is no environment named " + name + "."));
    }
}
