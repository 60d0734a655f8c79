package com.questportal.portal.security;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The API's refusals that happen before any controller runs (400, 401, 403), as RFC 9457 problem documents like the rest of the API. */
@Component
class ApiProblemWriter {

    private final JsonMapper json;
    private final AuditTrail audit;

    ApiProblemWriter(JsonMapper json, AuditTrail audit) {
        this.json = json;
        this.audit = audit;
    }

    /** 401, on the audit trail: a script knocking with a wrong or expired token is worth seeing. */
    void unauthorized(HttpServletRequest request, HttpServletResponse response, String error, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"quest-portal\""
                + (error == null ? "" : ", error=\"" + error + "\""));
        refused(request, HttpStatus.UNAUTHORIZED);
        write(request, response, HttpStatus.UNAUTHORIZED, "Sign in with an API token", detail);
    }

    void badRequest(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }

    void unsupportedMediaType(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type", detail);
    }

    /** 403, on the audit trail under the token that tried. */
    void forbidden(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        refused(request, HttpStatus.FORBIDDEN);
        write(request, response, HttpStatus.FORBIDDEN, "Not allowed", detail);
    }

    private void refused(HttpServletRequest request, HttpStatus status) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String actor = caller instanceof ApiTokenAuthentication ? caller.getName() : "anonymous";
        String path = request.getRequestURI();
        audit.record(request, actor, "api.refused", null, Outcome.REFUSED, status.value() + " " + request.getMethod() + " "
                + (path.length() > 200 ? path.substring(0, 200) + "…" : path));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
