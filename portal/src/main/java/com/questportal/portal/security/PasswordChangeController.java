package com.questportal.portal.security;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Changing one's own password; the first sign-in with a generated password lands here and cannot go elsewhere until it is done. */
@Controller
class PasswordChangeController {

    static final int MIN_LENGTH = 12;
    /** bcrypt reads the first 72 bytes only: a longer password would be accepted with anything after them. */
    static final int MAX_BYTES = 72;

    static boolean fitsBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    private final PortalUserRepository users;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;

    PasswordChangeController(PortalUserRepository users, PasswordEncoder encoder, AuditTrail audit) {
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
    }

    @GetMapping("/account/password")
    String form(Principal principal, Model model) {
        model.addAttribute("forced", users.findByUsername(principal.getName()).map(PortalUser::isMustChangePassword).orElse(false));
        return "account/password";
    }

    @PostMapping("/account/password")
    @Transactional
    String change(Principal principal, @RequestParam(defaultValue = "") String current, @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "") String confirmation, Model model, HttpServletRequest request,
                  HttpServletResponse response) {
        PortalUser user = users.findByUsername(principal.getName()).orElseThrow();
        String problem = null;
        if (!encoder.matches(current, user.getPasswordHash())) {
            problem = "The current password is not right.";
        } else if (password.length() < MIN_LENGTH) {
            problem = "A new password has at least " + MIN_LENGTH + " characters.";
        } else if (!fitsBcrypt(password)) {
            problem = "A new password has at most " + MAX_BYTES + " bytes (72 letters without accents; fewer with accents or symbols).";
        } else if (!password.equals(confirmation)) {
            problem = "The two new passwords differ.";
        } else if (password.equals(current) || password.equalsIgnoreCase(user.getUsername())) {
            problem = "Choose a password other than the current one and the user name.";
        }
        if (problem != null) {
            audit.record(request, user.getUsername(), "password.change", null, Outcome.REFUSED, problem);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("forced", user.isMustChangePassword());
            model.addAttribute("problem", problem);
            return "account/password";
        }
        user.changePassword(encoder.encode(password));
        // This session stays signed in with the new password; every other session of this person ends.
        SessionFreshness.remember(request.getSession(), user);
        audit.record(request, user.getUsername(), "password.change", null, Outcome.SUCCEEDED, null);
        return "redirect:/environments";
    }
}
