package com.questportal.quest;

/** Chooses between the human page and JSON from the {@code Accept} header. */
final class ContentNegotiation {

    private ContentNegotiation() {
    }

    /** JSON when the client ranks {@code application/json} above {@code text/html}; HTML otherwise. */
    static boolean wantsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double json = 0;
        double html = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase();
            double quality = quality(parts);
            if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
                json = Math.max(json, quality);
            } else if (type.equals("text/html")) {
                html = Math.max(html, quality);
            }
        }
        return json > 0 && json > html;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
