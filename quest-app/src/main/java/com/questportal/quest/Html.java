package com.questportal.quest;

/** The quest's human pages: one shell, escaped text. */
final class Html {

    private Html() {
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A whole page; {@code body} must already be escaped markup. */
    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · quest</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
                + "color:#1b1f24}.pass{color:#116329}.fail{color:#a40e26}code{background:#f3f4f6;padding:0 .2rem}"
                + "</style></head><body>" + body + "</body></html>\n";
    }

    static String checkPage(Check check, CheckResult result) {
        String verdict = result.passed()
                ? "<p class=\"pass\"><strong>Passed</strong></p>"
                : "<p class=\"fail\"><strong>Not passed</strong></p>";
        return page(check.name(), "<h1>/" + escape(check.name()) + "</h1>"
                + "<p>" + escape(check.question()) + "</p>" + verdict
                + "<p>" + escape(result.detail()) + "</p><p><a href=\"/\">Back to the quest</a></p>");
    }
}
