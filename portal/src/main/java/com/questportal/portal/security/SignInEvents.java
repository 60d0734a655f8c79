package com.questportal.portal.security;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-ins on the audit trail, and the count of failed ones that locks an account, for the address they came from,
 * for a while after five in a row.
 */
@Component
class SignInEvents {

    private final PortalUserRepository users;
    private final AuditTrail audit;
    private final Clock clock = Clock.systemUTC();

    SignInEvents(PortalUserRepository users, AuditTrail audit) {
        this.users = users;
        this.audit = audit;
    }

    @EventListener
    @Transactional
    public void succeeded(AuthenticationSuccessEvent event) {
        String username = event.getAuthentication().getName();
        users.findByUsername(username).ifPresent(PortalUser::signedIn);
        audit.record(address(event.getAuthentication().getDetails()), username, "sign-in", null, Outcome.SUCCEEDED, null);
    }

    @EventListener
    @Transactional
    public void failed(AbstractAuthenticationFailureEvent event) {
        String username = String.valueOf(event.getAuthentication().getPrincipal());
        String address = address(event.getAuthentication().getDetails());
        users.findByUsername(username).ifPresent(user -> {
            if (!user.isLockedAt(clock.instant(), address)) {
                user.failedToSignIn(clock.instant(), address);
            }
        });
        audit.record(address, username, "sign-in", null, Outcome.REFUSED, event.getException().getMessage());
    }

    private static String address(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "unknown";
    }
}
