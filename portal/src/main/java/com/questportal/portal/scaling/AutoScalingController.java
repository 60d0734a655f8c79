package com.questportal.portal.scaling;

import com.questportal.portal.api.ApiProblems;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.security.EnvironmentScope;
import com.questportal.portal.status.LiveStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** The environment page's auto scaling panel, and the same through the API: shared readings, never a call per viewer. */
@Controller
@Tag(name = "Status")
class AutoScalingController {

    private final EnvironmentDirectory environments;
    private final AutoScalingReader reader;
    private final LiveStatus live;
    private final ScalingMetrics metrics;

    AutoScalingController(EnvironmentDirectory environments, AutoScalingReader reader, LiveStatus live, ScalingMetrics metrics) {
        this.environments = environments;
        this.reader = reader;
        this.live = live;
        this.metrics = metrics;
    }

    @GetMapping("/environments/{name}/scaling")
    String panel(@PathVariable String name, Model model) {
        Environment environment = forPage(name);
        model.addAttribute("name", name);
        model.addAttribute("scaling", view(environment));
        return "scaling/panel";
    }

    @GetMapping("/api/v1/environments/{name}/scaling")
    @ResponseBody
    @SecurityRequirement(name = "token")
    @Operation(summary = "Auto scaling: what the portal records (on, min, max, target requests per task), the tasks wanted and "
            + "running now, and what Application Auto Scaling says — its bounds, policy and newest activities with their causes; "
            + "read at most once a refresh interval (15 s) for everyone who asks")
    AutoScalingView api(@PathVariable String name, Authentication caller) {
        return view(forApi(name, caller));
    }

    /** The page's auto scaling chart: tasks wanted and running against the tracked metric and its target, last hour. */
    @GetMapping(path = "/environments/{name}/scaling/chart", produces = "application/json")
    @ResponseBody
    ScalingChart chart(@PathVariable String name) {
        return chartOf(forPage(name));
    }

    @GetMapping("/api/v1/environments/{name}/scaling/chart")
    @ResponseBody
    @SecurityRequirement(name = "token")
    @Operation(summary = "Auto scaling over the last hour, a row per minute: tasks wanted and running (the portal's readings), the "
            + "metric the policy tracks (CloudWatch: requests per task or CPU %) and its target; CloudWatch is read at most once a "
            + "minute for everyone who asks")
    ScalingChart apiChart(@PathVariable String name, Authentication caller) {
        return chartOf(forApi(name, caller));
    }

    private ScalingChart chartOf(Environment environment) {
        return metrics.lastHour(environment, reader.of(environment).orElse(null));
    }

    private Environment forPage(String name) {
        return environments.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no environment named " + name + "."));
    }

    /** The environment a token may see, or the API's 403 / 404 in words. */
    private Environment forApi(String name, Authentication caller) {
        EnvironmentScope.require(caller, name);
        return environments.find(name).orElseThrow(() -> ApiProblems.notFound("There is no environment named " + name + "."));
    }

    private AutoScalingView view(Environment environment) {
        return AutoScalingView.of(environment, live.of(environment), reader.of(environment).orElse(null));
    }
}
