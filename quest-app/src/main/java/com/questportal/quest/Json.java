package com.questportal.quest;

/** The little JSON the quest writes, without a library. */
final class Json {

    private Json() {
    }

    static String quote(String value) {
        return value == null ? "null" : appendQuoted(new StringBuilder(value.length() + 2), value).toString();
    }

    static StringBuilder appendQuoted(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
