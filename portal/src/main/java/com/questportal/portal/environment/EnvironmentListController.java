package com.questportal.portal.environment;

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

    EnvironmentListController(EnvironmentRepository environments, StackSummaries stacks) {
        this.environments = environments;
        this.stacks = stacks;
    }

    @GetMapping({"/", "/environments"})
    @Transactional(readOnly = true)
    String list(Model model) {
        model.addAttribute("environments", environments.findAllByOrderByNameAsc());
        model.addAttribute("stacks", stacks.all());
        return LIST_VIEW;
    }
}
