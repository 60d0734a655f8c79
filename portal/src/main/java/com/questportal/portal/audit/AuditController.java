package com.questportal.portal.audit;

import java.util.stream.Stream;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit page: the newest actions first, filtered by environment, user and action. */
@Controller
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/audit")
    String audit(@RequestParam(required = false) String environment, @RequestParam(required = false) String actor,
                 @RequestParam(required = false) String action, Model model) {
        model.addAttribute("events", trail.search(environment, actor, action));
        model.addAttribute("actions", trail.actions());
        model.addAttribute("environment", environment);
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        model.addAttribute("page", AuditTrail.PAGE);
        model.addAttribute("filtered", Stream.of(environment, actor, action).anyMatch(value -> value != null && !value.isBlank()));
        return "audit/list";
    }
}
