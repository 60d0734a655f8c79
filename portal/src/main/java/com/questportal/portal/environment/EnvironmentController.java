package com.questportal.portal.environment;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** Recording, viewing, changing and deleting one environment. */
@Controller
@RequestMapping("/environments")
class EnvironmentController {

    static final String FORM_VIEW = "environments/form";
    static final String DETAIL_VIEW = "environments/detail";
    /** Until sign-in exists (the portal-core issue), changes are recorded as made by the portal itself. */
    private static final String ACTOR = "portal";

    private final EnvironmentEditor editor;
    private final EnvironmentRules rules;
    private final SecretWords secretWords;

    EnvironmentController(EnvironmentEditor editor, EnvironmentRules rules, SecretWords secretWords) {
        this.editor = editor;
        this.rules = rules;
        this.secretWords = secretWords;
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("regions", AwsRegions.ALL);
        model.addAttribute("taskSizes", TaskSize.FARGATE);
        model.addAttribute("retentionDays", EnvironmentRules.RETENTION_DAYS);
    }

    @GetMapping("/new")
    String newForm(Model model) {
        model.addAttribute("form", EnvironmentForm.blank());
        model.addAttribute("creating", true);
        return FORM_VIEW;
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") EnvironmentForm form, BindingResult errors, Model model, HttpServletResponse response) {
        model.addAttribute("creating", true);
        rules.check(form, errors);
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return FORM_VIEW;
        }
        try {
            return "redirect:/environments/" + editor.create(form, ACTOR).getName();
        } catch (EnvironmentEditor.Refused refused) {
            return refused(refused, errors, response);
        }
    }

    @GetMapping("/{name}")
    String show(@PathVariable String name, Model model) {
        Environment environment = existing(name);
        model.addAttribute("environment", environment);
        model.addAttribute("secretWord", secretWords.state(environment));
        return DETAIL_VIEW;
    }

    @GetMapping("/{name}/edit")
    String editForm(@PathVariable String name, Model model) {
        model.addAttribute("form", EnvironmentForm.of(existing(name)));
        model.addAttribute("creating", false);
        return FORM_VIEW;
    }

    @PostMapping("/{name}")
    String update(@PathVariable String name, @Valid @ModelAttribute("form") EnvironmentForm form, BindingResult errors, Model model,
                  HttpServletResponse response) {
        existing(name);
        model.addAttribute("creating", false);
        if (!name.equals(form.name())) {
            errors.rejectValue("name", "name.fixed", "An environment's name cannot change: its stack and resources are named after it.");
        }
        rules.check(form, errors);
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return FORM_VIEW;
        }
        try {
            editor.update(name, form, ACTOR);
            return "redirect:/environments/" + name;
        } catch (EnvironmentEditor.Refused refused) {
            return refused(refused, errors, response);
        }
    }

    @PostMapping("/{name}/delete")
    String delete(@PathVariable String name, @RequestParam(required = false) String confirm, Model model, HttpServletResponse response) {
        Environment environment = existing(name);
        try {
            editor.delete(name, confirm);
            return "redirect:/environments";
        } catch (EnvironmentEditor.Refused refused) {
            response.setStatus(refused.stale ? HttpStatus.CONFLICT.value() : HttpStatus.BAD_REQUEST.value());
            model.addAttribute("environment", environment);
            model.addAttribute("secretWord", secretWords.state(environment));
            model.addAttribute("deleteProblem", refused.getMessage());
            return DETAIL_VIEW;
        }
    }

    private String refused(EnvironmentEditor.Refused refused, BindingResult errors, HttpServletResponse response) {
        response.setStatus(refused.stale ? HttpStatus.CONFLICT.value() : HttpStatus.BAD_REQUEST.value());
        if (refused.field != null) {
            errors.rejectValue(refused.field, "refused", refused.getMessage());
        } else {
            errors.reject("refused", refused.getMessage());
        }
        return FORM_VIEW;
    }

    private Environment existing(String name) {
        return editor.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no environment named " + name + "."));
    }
}
