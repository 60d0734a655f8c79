package com.questportal.quest;

/** A refusal as the quest words it: a problem document for JSON clients, a page with a way back for people. */
record Problem(int status, String title, String detail) {

    String contentType(boolean json) {
        return json ? "application/json" : "text/html; charset=utf-8";
    }

    String body(boolean json) {
        if (json) {
            return "{\"status\":" + status + ",\"title\":" + Json.quote(title) + ",\"detail\":" + Json.quote(detail) + "}";
        }
        return Html.page(title, "<h1>" + status + " " + Html.escape(title) + "</h1><p>" + Html.escape(detail)
                + "</p><p><a href=\"/\">Back to the quest</a></p>");
    }
}
