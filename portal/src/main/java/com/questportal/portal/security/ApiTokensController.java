package com.questportal.portal.security;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admins issue API tokens for automation, each limited to a permission (read, deploy, admin), to all
 * environments or a chosen few, and to a lifetime; the token is shown once, on the page that issues
 * it. Admins revoke tokens here; the list shows when each was last used.
 */
@Controller
class ApiTokensController {

    /** The lifetimes offered, in days; 0 is "never expires". */
    static final List<Integer> LIFETIMES = List.of(30, 90, 365, 0);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Map<Role, String> PERMISSIONS = Map.of(Role.VIEWER, "read: list and view environments",
            Role.OPERATOR, "deploy: also deploy, redeploy and roll back", Role.ADMIN, "admin: also change environments and provision");

    private final ApiTokens tokens;
    private final AuditTrail audit;
    private final EnvironmentNames environmentNames;
    private final Clock clock = Clock.systemUTC();

    ApiTokensController(ApiTokens tokens, AuditTrail audit, EnvironmentNames environmentNames) {
        this.tokens = tokens;
        this.audit = audit;
        this.environmentNames = environmentNames;
    }

    @GetMapping("/tokens")
    String list(Model model) {
        model.addAttribute("tokens", tokens.all());
        model.addAttribute("now", clock.instant());
        model.addAttribute("permissions", Arrays.stream(Role.values()).map(role -> Map.entry(role.name(), PERMISSIONS.get(role))).toList());
        model.addAttribute("lifetimes", LIFETIMES);
        model.addAttribute("environmentNames", environmentNames.names());
        return "tokens/list";
    }

    @PostMapping("/tokens")
    String issue(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String permission,
                 @RequestParam(defaultValue = "all") String scope, @RequestParam(required = false) List<String> environments,
                 @RequestParam(defaultValue = "90") String lifetimeDays, Principal principal, Model model, HttpServletRequest request,
                 HttpServletResponse response, RedirectAttributes redirect) {
        String trimmed = name.trim();
        Role role = Role.named(permission);
        Integer days = LIFETIMES.stream().filter(candidate -> String.valueOf(candidate).equals(lifetimeDays)).findFirst().orElse(null);
        List<String> known = environmentNames.names();
        List<String> chosen = environments == null ? List.of() : environments;
        String problem = null;
        if (!NAME.matcher(trimmed).matches()) {
            problem = "A token's name is 1 to 64 letters, digits, spaces, '.', '_' or '-', saying what uses it, e.g. ci-deploy.";
        } else if (role == null) {
            problem = "Choose a permission: read, deploy or admin.";
        } else if (!scope.equals("all") && !scope.equals("chosen")) {
            problem = "Choose all environments or some.";
        } else if (scope.equals("chosen") && chosen.isEmpty()) {
            problem = "Tick the environments this token may act on, or choose all environments.";
        } else if (scope.equals("chosen") && !known.containsAll(chosen)) {
            problem = "Some of the chosen environments do not exist; reload the page.";
        } else if (days == null) {
            problem = "Choose how long the token lasts.";
        }
        if (problem != null) {
            audit.record(request, principal.getName(), "token.create", null, Outcome.REFUSED, problem);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", problem);
            return list(model);
        }
        List<String> limitedTo = scope.equals("all") ? null : chosen.stream().distinct().sorted().toList();
        Instant expires = days == 0 ? null : clock.instant().plus(Duration.ofDays(days));
        ApiTokens.Issued issued = tokens.issue(trimmed, role, limitedTo, expires, principal.getName());
        audit.record(request, principal.getName(), "token.create", null, Outcome.SUCCEEDED, "'" + trimmed + "' (" + issued.token()
                .getTokenHint() + "…) " + role + " on " + (limitedTo == null ? "all environments" : String.join(", ", limitedTo))
                + (expires == null ? ", never expires" : ", expires " + expires));
        // The value rides the redirect once, in the session's flash (in memory), and is shown only then: a refresh never issues again.
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        redirect.addFlashAttribute("issued", issued);
        redirect.addFlashAttribute("notice", "Issued the token " + trimmed + ". Copy it now: it is shown only this once.");
        return "redirect:/tokens";
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable long id, Principal principal, Model model, HttpServletRequest request, HttpServletResponse response,
                  RedirectAttributes redirect) {
        var revoked = tokens.revoke(id, principal.getName());
        if (revoked.isEmpty()) {
            audit.record(request, principal.getName(), "token.revoke", null, Outcome.REFUSED, "no active token " + id);
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("problem", "There is no such token, or it was revoked already.");
            return list(model);
        }
        audit.record(request, principal.getName(), "token.revoke", null, Outcome.SUCCEEDED,
                "'" + revoked.get().getName() + "' (" + revoked.get().getTokenHint() + "…)");
        redirect.addFlashAttribute("notice", "Revoked the token " + revoked.get().getName() + ": it is refused from now on.");
        return "redirect:/tokens";
    }
}
