package com.questportal.portal.environment;

import com.questportal.portal.aws.ConnectionCheck;
import com.questportal.portal.system.HomeRegion;
import com.questportal.portal.system.PortalProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
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
    private final EnvironmentAudit audit;
    private final ConnectionCheck connectionCheck;
    /** Where a new environment starts: the sandbox's region, or in AWS mode the portal's own. */
    private final String newEnvironmentRegion;

    EnvironmentController(EnvironmentEditor editor, EnvironmentRules rules, SecretWords secretWords, EnvironmentAudit audit,
                          ConnectionCheck connectionCheck, PortalProperties properties) {
        this.connectionCheck = connectionCheck;
        this.newEnvironmentRegion = properties.mode().isSandbox() ? HomeRegion.SANDBOX : HomeRegion.configured().orElse(HomeRegion.SANDBOX);
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
        model.addAttribute("form", EnvironmentForm.blank(newEnvironmentRegion));
        model.addAttribute("creating", true);
        return FORM_VIEW;
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") EnvironmentForm form, BindingResult errors, Model model, Principal principal,
                  HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        String actor = principal.getName();
        model.addAttribute("creating", true);
        if (errors.getTarget() == null) {
            return unconvertible(request, errors, model, response, actor, EnvironmentAudit.CREATE, null);
        }
        rules.check(form, errors);
        String name = errors.hasFieldErrors("name") ? null : form.name().trim();
        if (errors.hasErrors()) {
            audit.invalid(request, actor, EnvironmentAudit.CREATE, name, errors);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return FORM_VIEW;
        }
        try {
            Environment created = editor.create(form, actor);
            audit.created(request, actor, created, form);
            redirect.addFlashAttribute("notice", "Recorded " + created.getName() + ". Plan its changes to make its stack.");
            return "redirect:/environments/" + created.getName();
        } catch (EnvironmentEditor.Refused refused) {
            audit.refused(request, actor, EnvironmentAudit.CREATE, name, refused.getMessage());
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
                  Principal principal, HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        String actor = principal.getName();
        EnvironmentForm before = EnvironmentForm.of(existing(name));
        model.addAttribute("creating", false);
        if (errors.getTarget() == null) {
            return unconvertible(request, errors, model, response, actor, EnvironmentAudit.UPDATE, name);
        }
        rules.checkUpdate(name, form, errors);
        if (errors.hasErrors()) {
            audit.invalid(request, actor, EnvironmentAudit.UPDATE, name, errors);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return FORM_VIEW;
        }
        try {
            Environment updated = editor.update(name, form, actor);
            audit.updated(request, actor, before, updated, form);
            redirect.addFlashAttribute("notice", "Saved " + name + ". A plan applies what changed to its stack.");
            return "redirect:/environments/" + name;
        } catch (EnvironmentEditor.Refused refused) {
            audit.refused(request, actor, EnvironmentAudit.UPDATE, name, refused.getMessage());
            return refused(refused, errors, response);
        }
    }

    @PostMapping("/{name}/delete")
    String delete(@PathVariable String name, @RequestParam(required = false) String confirm, Model model, Principal principal,
                  HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        String actor = principal.getName();
        Environment environment = existing(name);
        try {
            editor.delete(name, confirm, null);
            audit.deleted(request, actor, name);
            redirect.addFlashAttribute("notice", "Deleted " + name + ".");
            return "redirect:/environments";
        } catch (EnvironmentEditor.Refused refused) {
            audit.refused(request, actor, EnvironmentAudit.DELETE, name, refused.getMessage());
            response.setStatus(statusOf(refused));
            model.addAttribute("environment", environment);
            model.addAttribute("secretWord", secretWords.state(environment));
            model.addAttribute("deleteProblem", refused.getMessage());
            return DETAIL_VIEW;
        }
    }

    @PostMapping("/{name}/connection-check")
    String checkConnection(@PathVariable String name, Model model) {
        Environment environment = existing(name);
        model.addAttribute("environment", environment);
        model.addAttribute("secretWord", secretWords.state(environment));
        model.addAttribute("connection", connectionCheck.check(environment.awsTarget(), environment.getStackName()));
        return DETAIL_VIEW;
    }

    /** 409 when the name is taken or someone else's change got there first, 503 when SSM failed, 400 when the request is wrong. */
    private static int statusOf(EnvironmentEditor.Refused refused) {
        return switch (refused.why) {
            case DUPLICATE, STALE, GONE, STACK_EXISTS -> HttpStatus.CONFLICT.value();
            case AWS -> HttpStatus.SERVICE_UNAVAILABLE.value();
            case INVALID -> HttpStatus.BAD_REQUEST.value();
        };
    }

    /**
     * A value that could not be converted (a word or a fraction where a whole number belongs) leaves the binding
     * without a form to check or show: nothing to
     * check further, the form shown again as posted with the conversion's message at its field, a 400.
     */
    private String unconvertible(HttpServletRequest request, BindingResult errors, Model model, HttpServletResponse response,
                                 String actor, String action, String name) {
        EnvironmentForm posted = EnvironmentForm.asPosted(request::getParameter);
        BeanPropertyBindingResult shown = new BeanPropertyBindingResult(posted, "form");
        shown.addAllErrors(errors);
        model.addAttribute("form", posted);
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", shown);
        audit.invalid(request, actor, action, name, shown);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return FORM_VIEW;
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
