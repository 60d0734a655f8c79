package com.questportal.portal.logs;

import com.questportal.portal.aws.AwsFailure;
import org.springframework.http.HttpStatus;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;

/** Why logs cannot be read as asked, in a sentence for the page or the API's problem document. */
class LogsRefused extends RuntimeException {

    enum Kind {
        NOT_FOUND(HttpStatus.NOT_FOUND), NO_LOGS(HttpStatus.CONFLICT), INVALID(HttpStatus.BAD_REQUEST), AWS(HttpStatus.SERVICE_UNAVAILABLE);

        private final HttpStatus status;

        Kind(HttpStatus status) {
            this.status = status;
        }
    }

    private final Kind kind;

    LogsRefused(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** The answer's status, for pages and the API alike. */
    HttpStatus status() {
        return kind.status;
    }

    /**
     * What a failed FilterLogEvents means to the reader: CloudWatch's refusal of the filter pattern, in a sentence with the
     * syntax, or AWS not answering.
     */
    static LogsRefused of(SdkException failure, String filter) {
        if (failure instanceof InvalidParameterException invalid) {
            return new LogsRefused(Kind.INVALID, "CloudWatch Logs does not understand the filter pattern '" + filter + "': "
                    + (invalid.awsErrorDetails() == null ? invalid.getMessage() : invalid.awsErrorDetails().errorMessage())
                    + ". A pattern is terms (ERROR), \"quoted phrases\", ?alternatives, -exclusions, or a JSON pattern such as "
                    + "{ $.status >= 500 }.");
        }
        return new LogsRefused(Kind.AWS, AwsFailure.of(failure, "logs:FilterLogEvents").message());
    }
}
