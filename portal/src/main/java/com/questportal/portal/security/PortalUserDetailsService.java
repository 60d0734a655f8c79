package com.questportal.portal.security;

import java.time.Clock;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Signs people in from the portal_user table; an account locked by failed sign-ins from an address is refused, from
 * that address, until its lock ends.
 */
@Service
class PortalUserDetailsService implements UserDetailsService {

    private final PortalUserRepository users;
    private final Clock clock = Clock.systemUTC();

    PortalUserDetailsService(PortalUserRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        PortalUser user = users.findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return User.withUsername(user.getUsername()).password(user.getPasswordHash()).roles(user.getRole().name())
                .accountLocked(user.isLockedAt(clock.instant(), signingInFrom())).disabled(user.isDisabled()).build();
    }

    /** The address of the sign-in being checked: a lock holds for the address the failures came from. */
    private static String signingInFrom() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? request.getRequest().getRemoteAddr() : null;
    }
}
