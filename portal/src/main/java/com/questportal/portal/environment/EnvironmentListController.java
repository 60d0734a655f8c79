package com.questportal.portal.environment;

import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The portal's front page: every environment, or how to start when there is none. */
@Controller
class EnvironmentListController {

    static final String LIST_VIEW = "environments/list";

    private final EnvironmentRepository environments;
    private final StackSummaries stacks;
    private final ServiceHealth health;

    EnvironmentListController(EnvironmentRepository environments, StackSummaries stacks, ServiceHealth health) {
        this.environments = environments;
        this.stacks = stacks;
        this.health = health;
    }

    @GetMapping({"/", "/environments"})
    @Transactional(readOnly = true)
    String list(Model model) {
        rows(model);
        return LIST_VIEW;
    }

    /** The table's rows alone, which the page fetches every few seconds to stay live without a reload. */
    @GetMapping(path = "/environments", params = "rows")
    @Transactional(readOnly = true)
    String rows(Model model) {
        model.addAttribute("environments", environments.findAllByOrderByNameAsc());
        Map<String, StackSummaries.StackSummary> stacksByName = stacks.all();
        model.addAttribute("stacks", stacksByName);
        model.addAttribute("health", health.of(stacksByName));
        return LIST_VIEW + " :: rows";
    }
}
