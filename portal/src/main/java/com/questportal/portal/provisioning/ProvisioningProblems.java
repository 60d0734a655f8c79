package com.questportal.portal.provisioning;

import com.questportal.portal.api.ApiProblems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A refused provisioning request as the API's problem document: 422, 404, 409 or 503, and 409 naming the operation in progress. */
public final class ProvisioningProblems {

    private ProvisioningProblems() {
    }

    public static ErrorResponseException of(ProvisioningRefused refused) {
        return switch (refused.kind()) {
            case INVALID -> ApiProblems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", refused.getMessage());
            case NOT_FOUND -> ApiProblems.notFound(refused.getMessage());
            case CONFLICT -> ApiProblems.problem(HttpStatus.CONFLICT, "Not now", refused.getMessage());
            case AWS -> ApiProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, "AWS did not answer", refused.getMessage());
        };
    }

    public static ErrorResponseException of(OperationBusy busy) {
        ErrorResponseException problem = ApiProblems.problem(HttpStatus.CONFLICT, "Operation in progress", busy.getMessage());
        if (busy.running() != null) {
            problem.getBody().setProperty("operation", "/api/v1/operations/" + busy.running().getId());
        }
        return problem;
    }
}
