package com.questportal.portal.logs;

/** Why logs cannot be read as asked, in a sentence for the page or the API's problem document. */
class LogsRefused extends RuntimeException {

    enum Kind { NOT_FOUND, NO_LOGS, INVALID, AWS }

    private final Kind kind;

    LogsRefused(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
