package com.questportal.portal.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Sends someone whose password must change to the change page, from every page but that one and sign-out. */
@Component
class PasswordChangeFirst implements HandlerInterceptor, WebMvcConfigurer {

    /** The session attribute naming the user whose password was found not to need a change. */
    private static final String CHECKED = PasswordChangeFirst.class.getName() + ".checked";

    private final PortalUserRepository users;

    PasswordChangeFirst(PortalUserRepository users) {
        this.users = users;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/api/**", "/account/password", "/login", "/logout", "/error", "/css/**", "/js/**",
                "/webjars/**", "/favicon.svg", "/actuator/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            return true;
        }
        // Once a password needs no change it never needs one again, so a session asks the database once, not per page.
        HttpSession session = request.getSession(false);
        if (session != null && principal.getName().equals(session.getAttribute(CHECKED))) {
            return true;
        }
        if (users.findByUsername(principal.getName()).map(PortalUser::isMustChangePassword).orElse(false)) {
            response.sendRedirect(request.getContextPath() + "/account/password");
            return false;
        }
        request.getSession().setAttribute(CHECKED, principal.getName());
        return true;
    }
}
