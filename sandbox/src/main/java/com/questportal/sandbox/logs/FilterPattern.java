package com.questportal.sandbox.logs;

import com.questportal.sandbox.protocol.AwsServiceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * CloudWatch Logs filter patterns: plain terms (all must appear), quoted phrases, {@code -term}
 * exclusions and {@code ?term} alternatives; and JSON patterns such as
 * {@code { $.status = 500 && $.path = "/api*" }}. Parsed once per request, matched per event.
 */
public interface FilterPattern {

    boolean matches(String message);

    FilterPattern ALL = message -> true;

    static FilterPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return ALL;
        }
        String trimmed = pattern.trim();
        if (trimmed.startsWith("{")) {
            return JsonPattern.parse(trimmed);
        }
        if (trimmed.startsWith("[")) {
            throw invalid("space-delimited patterns ([a, b, ...]) are not supported by the sandbox yet");
        }
        return TermPattern.parse(trimmed);
    }

    static AwsServiceException invalid(String why) {
        return AwsServiceException.badRequest("InvalidParameterException", "Invalid filter pattern: " + why);
    }

    /** {@code { selector op value && ... || ... }} over a message that is a JSON object. */
    final class JsonPattern implements FilterPattern {

        private static final JsonNodeParser PARSER = JsonNodeParser.create();

        private final Condition condition;

        private JsonPattern(Condition condition) {
            this.condition = condition;
        }

        static JsonPattern parse(String pattern) {
            if (!pattern.endsWith("}")) {
                throw invalid("a JSON pattern must end with }");
            }
            return new JsonPattern(new JsonPatternParser(pattern.substring(1, pattern.length() - 1)).parseWhole());
        }

        /** Whether the raw text could match; most events are ruled out here without being parsed as JSON. */
        boolean mayMatch(String message) {
            return condition.mayMatch(message);
        }

        @Override
        public boolean matches(String message) {
            if (!condition.mayMatch(message)) {
                return false;
            }
            String trimmed = message.trim();
            if (!trimmed.startsWith("{")) {
                return false;
            }
            JsonNode document;
            try {
                document = PARSER.parse(trimmed);
            } catch (RuntimeException notJson) {
                return false;
            }
            return condition.test(document);
        }
    }

    /** One node of a JSON pattern's expression. */
    interface Condition {

        boolean test(JsonNode document);

        /**
         * False only when no document with this raw text can pass {@link #test}: a cheap look at the text
         * before the JSON is parsed. True whenever in doubt.
         */
        boolean mayMatch(String text);
    }

    record And(Condition left, Condition right) implements Condition {

        @Override
        public boolean test(JsonNode document) {
            return left.test(document) && right.test(document);
        }

        @Override
        public boolean mayMatch(String text) {
            return left.mayMatch(text) && right.mayMatch(text);
        }
    }

    record Or(Condition left, Condition right) implements Condition {

        @Override
        public boolean test(JsonNode document) {
            return left.test(document) || right.test(document);
        }

        @Override
        public boolean mayMatch(String text) {
            return left.mayMatch(text) || right.mayMatch(text);
        }
    }

    /**
     * A comparison of the value a selector picks ({@code $.a.b[0]}) with a literal. {@code number},
     * {@code wholeNumber} and {@code key} are worked out once from the others, since a search looks at
     * every event of a log group with them.
     */
    record Comparison(List<Object> path, String operator, String literal, boolean quoted, BigDecimal number, Long wholeNumber,
                      String key) implements Condition {

        Comparison(List<Object> path, String operator, String literal, boolean quoted) {
            this(path, operator, literal, quoted, numberOf(literal), wholeNumberOf(numberOf(literal)), keyOf(path));
        }

        private static BigDecimal numberOf(String literal) {
            if (literal == null) {
                return null;
            }
            try {
                return new BigDecimal(literal);
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }

        private static Long wholeNumberOf(BigDecimal number) {
            if (number == null) {
                return null;
            }
            try {
                return number.longValueExact();
            } catch (ArithmeticException fractionOrTooLarge) {
                return null;
            }
        }

        /** {@code "field"}: the selector's last named field as it appears in raw JSON, or null when the text look cannot help. */
        private static String keyOf(List<Object> path) {
            if (path.isEmpty() || path.get(path.size() - 1) instanceof Integer) {
                return null;
            }
            return "\"" + path.get(path.size() - 1) + "\"";
        }

        @Override
        public boolean test(JsonNode document) {
            JsonNode node = document;
            for (Object step : path) {
                if (step instanceof Integer index) {
                    if (node == null || !node.isArray() || index >= node.asArray().size()) {
                        node = null;
                        break;
                    }
                    node = node.asArray().get(index);
                } else {
                    Map<String, JsonNode> fields = node != null && node.isObject() ? node.asObject() : null;
                    node = fields == null ? null : fields.get((String) step);
                }
            }
            return switch (operator) {
                case "EXISTS" -> node != null;
                case "NOT EXISTS" -> node == null;
                case "IS NULL" -> node != null && node.isNull();
                case "IS TRUE" -> node != null && node.isBoolean() && node.asBoolean();
                case "IS FALSE" -> node != null && node.isBoolean() && !node.asBoolean();
                default -> node != null && !node.isNull() && compare(node);
            };
        }

        /**
         * Looks at every {@code "field":} in the raw text (the last named field of the selector) and at the
         * scalar after it: the document can only pass if one of those scalars does. Escaped strings, objects
         * and arrays after the name leave the decision to the parsed document.
         */
        @Override
        public boolean mayMatch(String text) {
            if (key == null || operator.equals("NOT EXISTS") || operator.equals("!=")) {
                return true;
            }
            for (int at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
                int value = at + key.length();
                while (value < text.length() && Character.isWhitespace(text.charAt(value))) {
                    value++;
                }
                if (value >= text.length() || text.charAt(value) != ':') {
                    continue;
                }
                value++;
                while (value < text.length() && Character.isWhitespace(text.charAt(value))) {
                    value++;
                }
                if (value >= text.length()) {
                    continue;
                }
                if (scalarMayPass(text, value)) {
                    return true;
                }
            }
            return false;
        }

        private boolean scalarMayPass(String text, int start) {
            char first = text.charAt(start);
            if (first == '{' || first == '[') {
                return true;
            }
            if (operator.equals("EXISTS")) {
                return true;
            }
            if (first == '"') {
                int end = text.indexOf('"', start + 1);
                if (end < 0) {
                    return true;
                }
                String raw = text.substring(start + 1, end);
                return raw.indexOf('\\') >= 0 || compare(JsonNodeParser.create().parse("\"" + raw + "\""));
            }
            int end = start;
            while (end < text.length() && ",}] \t\r\n".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            String token = text.substring(start, end);
            return switch (operator) {
                case "IS NULL" -> token.equals("null");
                case "IS TRUE" -> token.equals("true");
                case "IS FALSE" -> token.equals("false");
                default -> scalarToken(token);
            };
        }

        private boolean scalarToken(String token) {
            if (token.equals("null")) {
                return false;
            }
            if (token.equals("true") || token.equals("false")) {
                return compare(JsonNodeParser.create().parse(token));
            }
            if (quoted) {
                return compareText(token);
            }
            if (wholeNumber != null && isPlainLong(token)) {
                return holds(Long.compare(Long.parseLong(token), wholeNumber));
            }
            try {
                return compareNumber(new BigDecimal(token));
            } catch (NumberFormatException notANumber) {
                return true;
            }
        }

        /** Digits with an optional minus sign, short enough that {@link Long#parseLong} cannot overflow. */
        private static boolean isPlainLong(String token) {
            int start = token.startsWith("-") ? 1 : 0;
            if (token.length() == start || token.length() - start > 18) {
                return false;
            }
            for (int i = start; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        private boolean compareNumber(BigDecimal actual) {
            Integer order = order(actual);
            return order != null && holds(order);
        }

        /** For the text look: a string can only fail {@code =}; the other operators are decided on the document. */
        private boolean compareText(String actual) {
            return !operator.equals("=") || textEquals(actual);
        }

        /** The value's order against the literal, or null when the literal is not a number. */
        private Integer order(BigDecimal actual) {
            return number == null ? null : actual.compareTo(number);
        }

        private boolean holds(int order) {
            return switch (operator) {
                case "=" -> order == 0;
                case "!=" -> order != 0;
                case "<" -> order < 0;
                case ">" -> order > 0;
                case "<=" -> order <= 0;
                case ">=" -> order >= 0;
                default -> false;
            };
        }

        /** Equality with the literal, where {@code *} in the literal stands for any text. */
        private boolean textEquals(String actual) {
            return literal.contains("*")
                    ? Pattern.compile(Pattern.quote(literal).replace("*", "\\E.*\\Q"), Pattern.DOTALL).matcher(actual).matches()
                    : actual.equals(literal);
        }

        private boolean compare(JsonNode node) {
            if (!quoted && node.isNumber()) {
                return compareNumber(new BigDecimal(node.asNumber()));
            }
            String actual = node.isString() ? node.asString() : node.isBoolean() ? String.valueOf(node.asBoolean())
                    : node.isNumber() ? node.asNumber() : null;
            if (actual == null) {
                return false;
            }
            return switch (operator) {
                case "=" -> textEquals(actual);
                case "!=" -> !textEquals(actual);
                default -> false;
            };
        }
    }
}
