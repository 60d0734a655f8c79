package com.questportal.portal.api;

import java.util.List;
import com.questportal.portal.system.InvalidValues;
import java.util.Map;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every API error as a problem document, never a stack trace. Body that does not parse is a 400 in
 * words; a value of the wrong type or a field we do not know is a 422 naming the field, like any
 * other invalid value. Only the API's controllers ({@code @RestController}) are covered: pages keep
 * their own error pages.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (ex.getCause() instanceof DatabindException binding && !binding.getPath().isEmpty()) {
            String field = binding.getPath().stream().map(reference -> reference.getPropertyName() != null
                    ? reference.getPropertyName() : "[" + reference.getIndex() + "]").reduce((a, b) -> a + "." + b).orElse("");
            String message = binding instanceof UnrecognizedPropertyException
                    ? "There is no field named " + field + "."
                    : "This value has the wrong type for " + field + ".";
            var problem = ApiProblems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", "One value is not valid; see errors.");
            problem.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
            return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
        }
        // Jackson's messages about the body as a whole name our classes: those get a sentence of their own.
        String detail = ex.getCause() instanceof DatabindException
                ? "The body must be one JSON object with the fields this call takes."
                : ex.getCause() instanceof JacksonException parse
                ? "The body is not valid JSON: " + parse.getOriginalMessage()
                : "Send the request body as JSON (Content-Type: application/json).";
        var problem = ApiProblems.problem(HttpStatus.BAD_REQUEST, "Unreadable body", detail);
        return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
    }

    /** A path or query value of the wrong type, e.g. {@code /operations/abc}: named, with what it should be. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String detail = InvalidValues.describe(ex);
        var problem = ApiProblems.problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
        return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
    }
}
