package com.questportal.portal.api;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.Errors;
import org.springframework.web.ErrorResponseException;

/** The API's refusals, as RFC 9457 problem documents: a title that names the kind, a detail that says what to do. */
public final class ApiProblems {

    private ApiProblems() {
    }

    public static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    public static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "Not found", detail);
    }

    /** 422 with each field's messages, as the form would show them next to the fields. */
    public static ErrorResponseException invalid(Errors errors) {
        ErrorResponseException exception = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request",
                errors.getErrorCount() == 1 ? "One value is not valid; see errors." : errors.getErrorCount() + " values are not valid; see errors.");
        exception.getBody().setProperty("errors", fieldErrors(errors));
        return exception;
    }

    private static List<Map<String, String>> fieldErrors(Errors errors) {
        List<Map<String, String>> list = new java.util.ArrayList<>();
        errors.getFieldErrors().forEach(error -> list.add(Map.of("field", error.getField(),
                "message", String.valueOf(error.getDefaultMessage()))));
        errors.getGlobalErrors().forEach(error -> list.add(Map.of("field", "", "message", String.valueOf(error.getDefaultMessage()))));
        return list;
    }
}
