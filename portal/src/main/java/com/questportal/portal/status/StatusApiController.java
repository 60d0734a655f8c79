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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An environment's live status through the API: what the poller last read, never a call to AWS of its own. */
@RestController
@Tag(name = "Status")
@SecurityRequirement(name = "token")
class StatusApiController {

    private final EnvironmentDirectory environments;
    private final StatusPoller poller;

    StatusApiController(EnvironmentDirectory environments, StatusPoller poller) {
        this.environments = environments;
        this.poller = poller;
    }

    @GetMapping("/api/v1/environments/{name}/status")
    @Operation(summary = "The health word and why, running / pending / desired tasks, the tags running, deployments, tasks with "
            + "their stopped reasons, targets and the newest service events, from a snapshot at most a poll interval old")
    EnvironmentStatus status(@PathVariable String name, Authentication caller) {
        EnvironmentScope.require(caller, name);
        Environment environment = environments.find(name).orElseThrow(() -> ApiProblems.notFound("There is no environment named " + name + "."));
        return poller.status(name, environment.getImageTag());
    }
}
