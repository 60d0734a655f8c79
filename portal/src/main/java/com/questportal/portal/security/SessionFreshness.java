package com.questportal.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in session holds the rights its person has now, not those they had when they signed in: on every
 * request the person's role and password are compared with what the session was given. A changed role takes
 * effect at once (a demoted admin is an operator or viewer on the very next request); a changed password, or a
 * person who is gone, ends the session (other sessions of someone who changed their password are signed out;
 * the session that made the change is told the new password by {@link #remember}), and so does one whose person an
 * admin disabled.
 */
class SessionFreshness extends OncePerRequestFilter {

    /** The session attribute holding the role and password fingerprint the session was given. */
    private static final String GIVEN = SessionFreshness.class.getName() + ".given";

    private final PortalUserRepository users;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionFreshness(PortalUserRepository users) {
        this.users = users;
    }

    /** Records what a session was given; called at sign-in and after its own password change. */
    static void remember(HttpSession session, PortalUser user) {
        session.setAttribute(GIVEN, user.getRole().name() + ":" + fingerprint(user.getPasswordHash()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication signedIn = contexts.getContext().getAuthentication();
        if (session != null && signedIn instanceof UsernamePasswordAuthenticationToken && signedIn.isAuthenticated()) {
            refresh(request, response, session, signedIn);
        }
        chain.doFilter(request, response);
    }

    private void refresh(HttpServletRequest request, HttpServletResponse response, HttpSession session, Authentication signedIn) {
        String given = (String) session.getAttribute(GIVEN);
        if (given == null) {
            // Not signed in through the sign-in page (sessions live in memory, so every session of a running portal was).
            return;
        }
        Optional<PortalUser> user = users.findByUsername(signedIn.getName());
        if (user.isEmpty() || user.get().isDisabled() || !given.endsWith(":" + fingerprint(user.get().getPasswordHash()))) {
            contexts.clearContext();
            session.invalidate();
            return;
        }
        String role = user.get().getRole().name();
        if (!given.startsWith(role + ":")) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(signedIn.getPrincipal(), null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + role))));
            contexts.setContext(context);
            sessions.saveContext(context, request, response);
            remember(session, user.get());
        }
    }

    private static String fingerprint(String passwordHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
