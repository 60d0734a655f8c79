package com.questportal.portal.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what: sign-in with a form, every page behind it, changes to environments for admins
 * only; CSRF tokens on every form (the framework's default, kept); a new session id at sign-in; a
 * content security policy that allows this portal's own scripts and styles only and no framing.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /** Prometheus scrapes with an API token, as automation does everything else. */
    static final String PROMETHEUS = "/actuator/prometheus";

    /**
     * The JSON API and the Prometheus endpoint: API tokens only, no session and no form sign-in. A session cookie is not honoured
     * here, which is why CSRF protection, whose job is to stop a cookie riding along, is off.
     */
    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokens tokens, ApiProblemWriter problems) throws Exception {
        // The API description is the API's too when asked for with a token, as API clients do; a browser gets it with its session.
        RequestMatcher apiDescriptionWithToken = request -> request.getRequestURI().startsWith(request.getContextPath() + "/v3/api-docs")
                && request.getHeader("Authorization") != null;
        http.securityMatchers(matchers -> matchers.requestMatchers("/api/**", PROMETHEUS).requestMatchers(apiDescriptionWithToken))
                .authorizeHttpRequests(requests -> requests
                        // The metrics name every environment: a token for a chosen few may not read them.
                        .requestMatchers(HttpMethod.GET, PROMETHEUS).access((caller, context) -> new AuthorizationDecision(
                                caller.get() instanceof ApiTokenAuthentication token && token.coversAll()))
                        .requestMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.OPTIONS, "/api/**").hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.POST, "/api/v1/environments/*/connection-check", "/api/v1/environments/*/drift",
                                "/api/v1/environments/*/quest-checks", "/api/v1/environments/*/drift/restore",
                                "/api/v1/environments/*/deployments", "/api/v1/environments/*/deployments/rollback",
                                "/api/v1/environments/*/deployments/redeploy", "/api/v1/environments/*/deployments/*/cancel")
                        .hasRole(Role.OPERATOR.name())
                        .anyRequest().hasRole(Role.ADMIN.name()))
                .addFilterBefore(new BearerTokenFilter(tokens, problems), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new ReadableContentType(problems), BearerTokenFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, exception) -> problems.unauthorized(request, response, null,
                                "Send an API token as 'Authorization: Bearer <token>'. Admins issue tokens on the portal's API tokens page."))
                        .accessDeniedHandler((request, response, exception) -> problems.forbidden(request, response,
                                "This token's permission does not allow " + request.getMethod() + " " + request.getRequestURI() + ".")))
                .headers(headers -> headers.contentSecurityPolicy(policy -> policy.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain portalSecurity(HttpSecurity http, PortalUserRepository users,
                                       @Value("${portal.sign-in.attempts-per-minute:10}") int signInAttemptsPerMinute) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/favicon.svg", "/login", "/error", "/actuator/health/**",
                                "/actuator/health").permitAll()
                        .requestMatchers(HttpMethod.POST, "/environments/*/connection-check", "/environments/*/drift",
                                "/environments/*/quest-checks", "/environments/*/drift/restore", "/environments/*/deployments",
                                "/environments/*/deployments/rollback", "/environments/*/deployments/redeploy",
                                "/environments/*/deployments/*/cancel")
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.POST, "/environments", "/environments/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/environments/new", "/environments/*/edit", "/users", "/users/**", "/tokens", "/tokens/**",
                                "/actuator/metrics", "/actuator/metrics/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                // A locked account and a wrong password answer alike, so that the answer tells an outsider nothing about
                // which names exist; the audit trail keeps the real reason.
                .formLogin(form -> form.loginPage("/login").successHandler(signedIn(users)).failureUrl("/login?error"))
                .addFilterAfter(new SessionFreshness(users), SecurityContextHolderFilter.class)
                .addFilterBefore(new SignInThrottle(signInAttemptsPerMinute), UsernamePasswordAuthenticationFilter.class)
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signed-out"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(signInPage()))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(policy -> policy.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** After sign-in: the session remembers the role and password it was given, then goes where the person was headed. */
    private static SavedRequestAwareAuthenticationSuccessHandler signedIn(PortalUserRepository users) {
        SavedRequestAwareAuthenticationSuccessHandler handler = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                    throws IOException, ServletException {
                users.findByUsername(authentication.getName()).ifPresent(user -> SessionFreshness.remember(request.getSession(), user));
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        handler.setDefaultTargetUrl("/environments");
        return handler;
    }

    /** The sign-in page, named by its path alone: a redirect never carries the host a request's Host header claimed. */
    private static LoginUrlAuthenticationEntryPoint signInPage() {
        LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        entryPoint.setFavorRelativeUris(true);
        return entryPoint;
    }

    /**
     * A request the firewall refuses before any chain runs (an encoded dot or slash in the path, a
     * semicolon...) is a 400 in words: a problem document under {@code /api}, the error page elsewhere.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ApiProblemWriter problems) {
        return (request, response, rejected) -> {
            if (request.getRequestURI().startsWith("/api/")) {
                problems.badRequest(request, response, "This address is refused: " + rejected.getMessage() + ".");
            } else {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            }
        };
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_OPERATOR\nROLE_OPERATOR > ROLE_VIEWER");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
