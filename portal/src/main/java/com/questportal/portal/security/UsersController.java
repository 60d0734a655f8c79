package com.questportal.portal.security;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admins add people, change their roles, reset their passwords and disable or enable them. A new person, or one whose
 * password was reset, gets a one-time password shown once to the admin, to pass on; their next sign-in must change it.
 * The last admin who can sign in cannot be demoted or disabled, and nobody disables themselves. Every change is answered
 * with a redirect (a refresh never repeats it) and a sentence saying what was done.
 */
@Controller
class UsersController {

    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");

    private final PortalUserRepository users;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;

    UsersController(PortalUserRepository users, PasswordEncoder encoder, AuditTrail audit) {
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
    }

    @GetMapping("/users")
    @Transactional(readOnly = true)
    String list(Model model) {
        model.addAttribute("users", users.findAllByOrderByUsernameAsc());
        model.addAttribute("roles", Arrays.asList(Role.values()));
        return "users/list";
    }

    @PostMapping("/users")
    @Transactional
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String role, Principal principal,
                  Model model, HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        String name = username.trim();
        String problem = null;
        Role chosen = Role.named(role);
        if (!USERNAME.matcher(name).matches()) {
            problem = "A user name is 2 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter.";
        } else if (chosen == null) {
            problem = "Choose a role: VIEWER, OPERATOR or ADMIN.";
        } else if (users.findByUsername(name).isPresent()) {
            problem = "There is a user named " + name + " already.";
        }
        if (problem != null) {
            return refused("user.create", problem, principal, model, request, response);
        }
        String password = OneTimePasswords.generate();
        users.save(new PortalUser(name, encoder.encode(password), chosen, true, Clock.systemUTC().instant()));
        audit.record(request, principal.getName(), "user.create", null, Outcome.SUCCEEDED, name + " as " + chosen);
        return oneTimePassword(name, password, "Added " + name + " as " + chosen + ".", redirect, response);
    }

    @PostMapping("/users/{username}/password-reset")
    @Transactional
    String resetPassword(@PathVariable String username, Principal principal, Model model, HttpServletRequest request,
                         HttpServletResponse response, RedirectAttributes redirect) {
        PortalUser user = users.findByUsername(username).orElse(null);
        if (user == null) {
            return refused("user.password-reset", "There is no user named " + username + ".", principal, model, request, response);
        }
        String password = OneTimePasswords.generate();
        user.resetPassword(encoder.encode(password));
        audit.record(request, principal.getName(), "user.password-reset", null, Outcome.SUCCEEDED, username
                + ": a one-time password; their sessions end");
        return oneTimePassword(username, password, "Reset " + username + "'s password; their sessions have ended.", redirect, response);
    }

    @PostMapping("/users/{username}/disable")
    @Transactional
    String disable(@PathVariable String username, Principal principal, Model model, HttpServletRequest request,
                   HttpServletResponse response, RedirectAttributes redirect) {
        PortalUser user = users.findByUsername(username).orElse(null);
        String problem = null;
        if (user == null) {
            problem = "There is no user named " + username + ".";
        } else if (user.getUsername().equals(principal.getName())) {
            problem = "You cannot disable yourself; ask another admin.";
        } else if (user.getRole() == Role.ADMIN && !user.isDisabled() && users.countByRoleAndDisabledFalse(Role.ADMIN) == 1) {
            problem = username + " is the last admin who can sign in; make someone else admin first.";
        }
        if (problem != null) {
            return refused("user.disable", problem, principal, model, request, response);
        }
        user.disable();
        audit.record(request, principal.getName(), "user.disable", null, Outcome.SUCCEEDED, username);
        redirect.addFlashAttribute("notice", "Disabled " + username + ": they cannot sign in, and their sessions have ended."
                + " Their API tokens stay until revoked.");
        return "redirect:/users";
    }

    @PostMapping("/users/{username}/enable")
    @Transactional
    String enable(@PathVariable String username, Principal principal, Model model, HttpServletRequest request,
                  HttpServletResponse response, RedirectAttributes redirect) {
        PortalUser user = users.findByUsername(username).orElse(null);
        if (user == null) {
            return refused("user.enable", "There is no user named " + username + ".", principal, model, request, response);
        }
        user.enable();
        audit.record(request, principal.getName(), "user.enable", null, Outcome.SUCCEEDED, username);
        redirect.addFlashAttribute("notice", "Enabled " + username + ": they can sign in again.");
        return "redirect:/users";
    }

    private String refused(String action, String problem, Principal principal, Model model, HttpServletRequest request,
                           HttpServletResponse response) {
        audit.record(request, principal.getName(), action, null, Outcome.REFUSED, problem);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("problem", problem);
        return list(model);
    }

    /** The one-time password rides the redirect once, in the session's flash, and is never stored: not cached either. */
    private static String oneTimePassword(String username, String password, String notice, RedirectAttributes redirect,
                                          HttpServletResponse response) {
        redirect.addFlashAttribute("created", username);
        redirect.addFlashAttribute("oneTimePassword", password);
        redirect.addFlashAttribute("notice", notice);
        response.setHeader("Cache-Control", "no-store");
        return "redirect:/users";
    }

    @PostMapping("/users/{username}/role")
    @Transactional
    String changeRole(@PathVariable String username, @RequestParam(defaultValue = "") String role, Principal principal, Model model,
                      HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        PortalUser user = users.findByUsername(username).orElse(null);
        Role chosen = Role.named(role);
        String problem = null;
        if (user == null) {
            problem = "There is no user named " + username + ".";
        } else if (chosen == null) {
            problem = "Choose a role: VIEWER, OPERATOR or ADMIN.";
        } else if (user.getRole() == Role.ADMIN && chosen != Role.ADMIN && !user.isDisabled()
                && users.countByRoleAndDisabledFalse(Role.ADMIN) == 1) {
            problem = user.getUsername() + " is the last admin; make someone else admin first.";
        }
        if (problem != null) {
            return refused("user.role", problem, principal, model, request, response);
        }
        Role before = user.getRole();
        user.changeRole(chosen);
        audit.record(request, principal.getName(), "user.role", null, Outcome.SUCCEEDED, username + " " + before + " → " + chosen);
        redirect.addFlashAttribute("notice", username + " is " + chosen + " now" + (before == chosen ? " (as before)." : ", from the next"
                + " page they open."));
        return "redirect:/users";
    }
}
