package com.questportal.quest;

/** The outcome of one quest check, as a person and the portal read it. */
record CheckResult(String check, boolean passed, String detail) {

    String toJson() {
        return "{\"check\":" + Json.quote(check) + ",\"passed\":" + passed + ",\"detail\":" + Json.quote(detail) + "}";
    }
}
