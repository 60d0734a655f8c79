package com.questportal.portal.security;

import java.time.Clock;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signs people in from the portal_user table; an account locked by failed sign-ins is refused until its lock ends. */
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
                .accountLocked(user.isLockedAt(clock.instant())).build();
    }
}
