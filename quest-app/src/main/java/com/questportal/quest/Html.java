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

    private static final String TAIL = "</body></html>\n";

    /** A whole page; {@code body} must already be escaped markup. */
    static String page(String title, String body) {
        return head(title) + body + TAIL;
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · quest</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
                + "color:#1b1f24}.pass{color:#116329}.fail{color:#a40e26}code{background:#f3f4f6;padding:0 .2rem}"
                + "</style></head><body>";
    }

    /** A check's page, its fixed parts rendered once: each request adds only the verdict and the detail. */
    static final class CheckPage {

        private final String passed;
        private final String notPassed;
        private final String tail = "</p><p><a href=\"/\">Back to the quest</a></p>" + TAIL;

        CheckPage(Check check) {
            String top = head(check.name()) + "<h1>/" + escape(check.name()) + "</h1><p>" + escape(check.question()) + "</p>";
            this.passed = top + "<p class=\"pass\"><strong>Passed</strong></p><p>";
            this.notPassed = top + "<p class=\"fail\"><strong>Not passed</strong></p><p>";
        }

        String render(CheckResult result) {
            return (result.passed() ? passed : notPassed) + escape(result.detail()) + tail;
        }
    }
}
