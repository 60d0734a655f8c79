package com.questportal.portal.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request signed with an API token: it acts as {@code token:<name>} with the token's permission and environments. */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final String tokenName;
    private final List<String> environments;

    ApiTokenAuthentication(ApiToken token) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + token.getPermission().name())));
        this.tokenName = token.getName();
        this.environments = token.getEnvironments();
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return getName();
    }

    @Override
    public String getName() {
        return "token:" + tokenName;
    }

    /** Whether the token was issued for every environment, rather than a chosen few. */
    boolean coversAll() {
        return environments == null;
    }

    /** Whether the token may act on this environment. */
    boolean covers(String environment) {
        return environments == null || environments.contains(environment);
    }
}
