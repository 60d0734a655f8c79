package com.questportal.portal.environment;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

    private final EnvironmentEditor editor;
    private final EnvironmentRules rules;
    private final SecretWords secretWords;
    private final AuditTrail audit;

    EnvironmentController(EnvironmentEditor editor, EnvironmentRules rules, SecretWords secretWords, AuditTrail audit) {
        this.editor = editor;
        this.rules = rules;
        this.secretWords = secretWords;
        this.audit = audit;
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
    String create(@Valid @ModelAttribute("form") EnvironmentForm form, BindingResult errors, Model model, Principal principal,
                  HttpServletRequest request, HttpServletResponse response) {
        String actor = principal.getName();
        model.addAttribute("creating", true);
        rules.check(form, errors);
        String name = errors.hasFieldErrors("name") ? null : form.name().trim();
        if (errors.hasErrors()) {
            audit.record(request, actor, "environment.create", name, Outcome.REFUSED, invalidFields(errors));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return FORM_VIEW;
        }
        try {
            Environment created = editor.create(form, actor);
            audit.record(request, actor, "environment.create", name, Outcome.SUCCEEDED, "region " + created.getRegion() + ", image "
                    + created.getImageTag() + ", " + created.getDesiredCount() + " × " + created.getTaskSize().label());
            recordSecretWord(request, actor, form, created);
            return "redirect:/environments/" + created.getName();
        } catch (EnvironmentEditor.Refused refused) {
            audit.record(request, actor, "environment.create", name, Outcome.REFUSED, refused.getMessage());
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
                  Principal principal, HttpServletRequest request, HttpServletResponse response) {
        String actor = principal.getName();
        EnvironmentForm before = EnvironmentForm.of(existing(name));
        model.addAttribute("creating", false);
        if (!name.equals(form.name())) {
            errors.rejectValue("name", "name.fixed", "An environment's name cannot change: its stack and resources are named after it.");
        }
        rules.check(form, errors);
        if (errors.hasErrors()) {
            audit.record(request, actor, "environment.update", name, Outcome.REFUSED, invalidFields(errors));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return FORM_VIEW;
        }
        try {
            Environment updated = editor.update(name, form, actor);
            audit.record(request, actor, "environment.update", name, Outcome.SUCCEEDED, changes(before, EnvironmentForm.of(updated)));
            recordSecretWord(request, actor, form, updated);
            return "redirect:/environments/" + name;
        } catch (EnvironmentEditor.Refused refused) {
            audit.record(request, actor, "environment.update", name, Outcome.REFUSED, refused.getMessage());
            return refused(refused, errors, response);
        }
    }

    @PostMapping("/{name}/delete")
    String delete(@PathVariable String name, @RequestParam(required = false) String confirm, Model model, Principal principal,
                  HttpServletRequest request, HttpServletResponse response) {
        String actor = principal.getName();
        Environment environment = existing(name);
        try {
            editor.delete(name, confirm);
            audit.record(request, actor, "environment.delete", name, Outcome.SUCCEEDED, "record and SSM secret word removed");
            return "redirect:/environments";
        } catch (EnvironmentEditor.Refused refused) {
            audit.record(request, actor, "environment.delete", name, Outcome.REFUSED, refused.getMessage());
            response.setStatus(statusOf(refused));
            model.addAttribute("environment", environment);
            model.addAttribute("secretWord", secretWords.state(environment));
            model.addAttribute("deleteProblem", refused.getMessage());
            return DETAIL_VIEW;
        }
    }

    /** A new secret word is its own action on the trail: where it went, never what it is. */
    private void recordSecretWord(HttpServletRequest request, String actor, EnvironmentForm form, Environment environment) {
        if (form.secretWord() != null && !form.secretWord().isBlank()) {
            audit.record(request, actor, "secret-word.set", environment.getName(), Outcome.SUCCEEDED,
                    "SecureString " + environment.getSecretWordParameter() + " written; the value is not recorded");
        }
    }

    /** The fields that were refused, by name only: their values may be anything, a secret word among them. */
    private static String invalidFields(BindingResult errors) {
        List<String> fields = new ArrayList<>();
        errors.getFieldErrors().forEach(error -> {
            if (!fields.contains(error.getField())) {
                fields.add(error.getField());
            }
        });
        errors.getGlobalErrors().forEach(error -> fields.add(error.getDefaultMessage()));
        return "invalid: " + String.join(", ", fields);
    }

    /** What an edit changed, old → new, for the settings that are not secret. */
    private static String changes(EnvironmentForm before, EnvironmentForm after) {
        List<String> changed = new ArrayList<>();
        compare(changed, "description", before.description(), after.description());
        compare(changed, "owner", before.owner(), after.owner());
        compare(changed, "region", before.region(), after.region());
        compare(changed, "accountId", before.accountId(), after.accountId());
        compare(changed, "roleArn", before.roleArn(), after.roleArn());
        compare(changed, "vpcCidr", before.vpcCidr(), after.vpcCidr());
        compare(changed, "allowedClientCidr", before.allowedClientCidr(), after.allowedClientCidr());
        compare(changed, "containerPort", before.containerPort(), after.containerPort());
        compare(changed, "imageTag", before.imageTag(), after.imageTag());
        compare(changed, "taskSize", before.taskSize(), after.taskSize());
        compare(changed, "desiredCount", before.desiredCount(), after.desiredCount());
        compare(changed, "healthCheckPath", before.healthCheckPath(), after.healthCheckPath());
        compare(changed, "logRetentionDays", before.logRetentionDays(), after.logRetentionDays());
        compare(changed, "certificateArn", before.certificateArn(), after.certificateArn());
        compare(changed, "autoScaling", before.scales(), after.scales());
        if (after.scales()) {
            compare(changed, "scalingMin", before.scalingMin(), after.scalingMin());
            compare(changed, "scalingMax", before.scalingMax(), after.scalingMax());
            compare(changed, "scalingTarget", before.scalingTarget(), after.scalingTarget());
        }
        return changed.isEmpty() ? "no settings changed" : "changed " + String.join(", ", changed);
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field + " " + before + " → " + after);
        }
    }

    /** 409 when someone else's change got there first, 400 when the request itself is what is wrong. */
    private static int statusOf(EnvironmentEditor.Refused refused) {
        return refused.stale ? HttpStatus.CONFLICT.value() : HttpStatus.BAD_REQUEST.value();
    }

    private String refused(EnvironmentEditor.Refused refused, BindingResult errors, HttpServletResponse response) {
        response.setStatus(statusOf(refused));
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
