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

/**
 * Admins add people and change their roles. A new person gets a one-time password shown once to the
 * admin, to pass on; their first sign-in must change it. The last admin cannot be demoted.
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
                  Model model, HttpServletRequest request, HttpServletResponse response) {
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
            audit.record(request, principal.getName(), "user.create", null, Outcome.REFUSED, problem);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", problem);
            return list(model);
        }
        String password = OneTimePasswords.generate();
        users.save(new PortalUser(name, encoder.encode(password), chosen, true, Clock.systemUTC().instant()));
        audit.record(request, principal.getName(), "user.create", null, Outcome.SUCCEEDED, name + " as " + chosen);
        model.addAttribute("created", name);
        model.addAttribute("oneTimePassword", password);
        return list(model);
    }

    @PostMapping("/users/{username}/role")
    @Transactional
    String changeRole(@PathVariable String username, @RequestParam(defaultValue = "") String role, Principal principal, Model model,
                      HttpServletRequest request, HttpServletResponse response) {
        PortalUser user = users.findByUsername(username).orElse(null);
        Role chosen = Role.named(role);
        String problem = null;
        if (user == null) {
            problem = "There is no user named " + username + ".";
        } else if (chosen == null) {
            problem = "Choose a role: VIEWER, OPERATOR or ADMIN.";
        } else if (user.getRole() == Role.ADMIN && chosen != Role.ADMIN && users.countByRole(Role.ADMIN) == 1) {
            problem = user.getUsername() + " is the last admin; make someone else admin first.";
        }
        if (problem != null) {
            audit.record(request, principal.getName(), "user.role", null, Outcome.REFUSED, problem);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", problem);
            return list(model);
        }
        Role before = user.getRole();
        user.changeRole(chosen);
        audit.record(request, principal.getName(), "user.role", null, Outcome.SUCCEEDED, username + " " + before + " → " + chosen);
        return "redirect:/users";
    }
}
