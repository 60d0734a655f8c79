package com.questportal.portal.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any API path that names nothing: a 404 problem document rather than an HTML error page. */
@RestController
class ApiNotFoundController {

    @RequestMapping("/api/**")
    void nothingHere(HttpServletRequest request) {
        throw ApiProblems.notFound("There is no API resource at " + request.getRequestURI() + ". The API is described at /v3/api-docs.");
    }
}
