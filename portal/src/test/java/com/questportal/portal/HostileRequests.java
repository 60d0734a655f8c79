package com.questportal.portal;

import com.questportal.portal.browser.PortalUnderTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The catalogue of hostile requests {@link HostileInputIntegrationTests} sends: every field of the API's body broken one
 * at a time, whole-body and header faults, every provisioning route with bad names and ids, the pages' forms with bad
 * values, and request lines the web server itself refuses. The environment "dev" exists; "fresh" and "nope" do not.
 */
final class HostileRequests {

    private static final String LONG_NAME = "a".repeat(41);

    private HostileRequests() {
    }

    /** One hostile request: a page form (session, CSRF token) or an API call (bearer token), or raw bytes on the socket. */
    record Case(String label, Kind kind, String method, String path, String contentType, String body, Map<String, String> headers) {
        enum Kind { API, FORM, RAW }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The valid body the API cases break one field of; with no override, it records "dev". */
    private static final Map<String, String> VALID = validFields();

    private static Map<String, String> validFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "\"dev\"");
        fields.put("region", "\"eu-west-1\"");
        fields.put("vpcCidr", "\"10.20.0.0/16\"");
        fields.put("allowedClientCidr", "\"0.0.0.0/0\"");
        fields.put("containerPort", "3000");
        fields.put("imageTag", "\"v1\"");
        fields.put("taskSize", "\"256/512\"");
        fields.put("desiredCount", "1");
        fields.put("healthCheckPath", "\"/health\"");
        fields.put("logRetentionDays", "7");
        fields.put("secretWord", "\"TwelveFactor\"");
        return fields;
    }

    static String json(Map<String, String> overrides) {
        Map<String, String> fields = new LinkedHashMap<>(VALID);
        fields.putAll(overrides);
        return fields.entrySet().stream().filter(field -> field.getValue() != null)
                .map(field -> "\"" + field.getKey() + "\":" + field.getValue()).collect(Collectors.joining(",", "{", "}"));
    }

    /** One field of a new environment ("fresh") broken, as JSON. */
    private static Case apiCreate(String field, String rawJson) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("name", "\"fresh\"");
        overrides.put(field, rawJson);
        return new Case("API create, " + field + "=" + shown(rawJson), Case.Kind.API, "POST", "/api/v1/environments", "application/json",
                json(overrides), Map.of());
    }

    private static Case apiUpdate(String field, String rawJson) {
        return new Case("API update, " + field + "=" + shown(rawJson), Case.Kind.API, "PUT", "/api/v1/environments/dev", "application/json",
                json(Map.of(field, rawJson)), Map.of("If-Match", "\"0\""));
    }

    private static Case api(String label, String method, String path, String contentType, String body, Map<String, String> headers) {
        return new Case("API " + label, Case.Kind.API, method, path, contentType, body, headers);
    }

    private static Case api(String label, String method, String path) {
        return api(label, method, path, "application/json", method.equals("GET") || method.equals("DELETE") ? null : "", Map.of());
    }

    /** The page's forms: the fields of the new-environment form with one broken. */
    private static Map<String, String> formFields(String name, String version) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("description", "");
        fields.put("owner", "team");
        fields.put("region", "eu-west-1");
        fields.put("accountId", "");
        fields.put("roleArn", "");
        fields.put("vpcCidr", "10.21.0.0/16");
        fields.put("allowedClientCidr", "0.0.0.0/0");
        fields.put("containerPort", "3000");
        fields.put("imageRepository", "");
        fields.put("imageTag", "v1");
        fields.put("taskSize", "256/512");
        fields.put("desiredCount", "1");
        fields.put("healthCheckPath", "/health");
        fields.put("logRetentionDays", "7");
        fields.put("certificateArn", "");
        fields.put("scalingMin", "1");
        fields.put("scalingMax", "4");
        fields.put("scalingTarget", "100");
        fields.put("secretWord", "");
        if (version != null) {
            fields.put("version", version);
        }
        return fields;
    }

    private static Case formCreate(String field, String value) {
        Map<String, String> fields = formFields("fresh", null);
        fields.put(field, value);
        return form("new environment, " + field + "=" + shown(value), "/environments", fields);
    }

    private static Case formUpdate(String field, String value) {
        Map<String, String> fields = formFields("dev", "0");
        fields.put(field, value);
        return form("edit dev, " + field + "=" + shown(value), "/environments/dev", fields);
    }

    private static Case form(String label, String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return new Case("form " + label, Case.Kind.FORM, "POST", path, "application/x-www-form-urlencoded", body, Map.of());
    }

    private static Case page(String label, String path) {
        return new Case("page " + label, Case.Kind.FORM, "GET", path, null, null, Map.of());
    }

    private static Case raw(String label, String path) {
        return new Case("raw " + label, Case.Kind.RAW, "GET", path, null, null, Map.of());
    }

    private static String shown(String value) {
        if (value == null) {
            return "(absent)";
        }
        String printable = value.replace("\u0000", "\\0").replace("\n", "\\n").replace("\r", "\\r");
        return printable.length() > 24 ? printable.substring(0, 12) + "…(" + value.length() + ")" : printable;
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        // Every field of the API's body, broken one at a time.
        Stream.of(
                new String[] {"name", "\"\""}, new String[] {"name", "\"UPPER\""}, new String[] {"name", "\"" + LONG_NAME + "\""},
                new String[] {"name", "\"-lead\""}, new String[] {"name", "\"trail-\""}, new String[] {"name", "\"with space\""},
                new String[] {"name", "\"x\\u0000y\""}, new String[] {"name", "\"../etc\""}, new String[] {"name", "\"名前\""},
                new String[] {"name", "null"}, new String[] {"name", "123"}, new String[] {"name", "[\"dev\"]"},
                new String[] {"region", "\"mars-1\""}, new String[] {"region", "\"\""}, new String[] {"region", "5"},
                new String[] {"vpcCidr", "\"10.0.0.0/33\""}, new String[] {"vpcCidr", "\"010.0.0.0/16\""},
                new String[] {"vpcCidr", "\"300.1.1.1/16\""}, new String[] {"vpcCidr", "\"abc\""}, new String[] {"vpcCidr", "\"\""},
                new String[] {"vpcCidr", "\"10.0.0.0/8\""}, new String[] {"allowedClientCidr", "\"0.0.0.0/33\""},
                new String[] {"allowedClientCidr", "\"x\""}, new String[] {"containerPort", "0"}, new String[] {"containerPort", "70000"},
                new String[] {"containerPort", "-1"}, new String[] {"containerPort", "3000.5"}, new String[] {"containerPort", "\"abc\""},
                new String[] {"containerPort", "99999999999999999999"}, new String[] {"containerPort", "80"},
                new String[] {"imageTag", "\"\""}, new String[] {"imageTag", "\"bad tag\""}, new String[] {"imageTag", "\"" + "t".repeat(200) + "\""},
                new String[] {"imageTag", "\"-dash\""}, new String[] {"taskSize", "\"1/1\""}, new String[] {"taskSize", "\"256/9999\""},
                new String[] {"taskSize", "\"\""}, new String[] {"taskSize", "\"4096/31744\""}, new String[] {"desiredCount", "-1"},
                new String[] {"desiredCount", "1.5"}, new String[] {"desiredCount", "\"two\""}, new String[] {"desiredCount", "null"},
                new String[] {"healthCheckPath", "\"no-slash\""}, new String[] {"healthCheckPath", "\"/" + "p".repeat(1100) + "\""},
                new String[] {"healthCheckPath", "\"/x y\""}, new String[] {"healthCheckPath", "\"/\\u0000\""},
                new String[] {"logRetentionDays", "2"}, new String[] {"logRetentionDays", "0"}, new String[] {"logRetentionDays", "-7"},
                new String[] {"secretWord", "\"" + "s".repeat(5000) + "\""}, new String[] {"description", "\"nul\\u0000here\""},
                new String[] {"owner", "\"" + "o".repeat(101) + "\""}, new String[] {"accountId", "\"12345\""},
                new String[] {"imageRepository", "\"UPPER/Case\""}, new String[] {"scalingMin", "0"}, new String[] {"scalingMax", "51"},
                new String[] {"scalingTarget", "1000001"}, new String[] {"scalingMetric", "\"gpu\""},
                new String[] {"autoScaling", "\"maybe\""}, new String[] {"nmae", "\"typo\""})
                .forEach(field -> cases.add(apiCreate(field[0], field[1])));
        // The body as a whole, and its headers.
        cases.add(api("create, body not JSON", "POST", "/api/v1/environments", "application/json", "{", Map.of()));
        cases.add(api("create, body an array", "POST", "/api/v1/environments", "application/json", "[]", Map.of()));
        cases.add(api("create, body a string", "POST", "/api/v1/environments", "application/json", "\"dev\"", Map.of()));
        cases.add(api("create, empty body", "POST", "/api/v1/environments", "application/json", "", Map.of()));
        cases.add(api("create, duplicated key", "POST", "/api/v1/environments", "application/json",
                json(Map.of("name", "\"fresh\"")).replace("{", "{\"name\":\"other\","), Map.of()));
        cases.add(api("create, text/plain", "POST", "/api/v1/environments", "text/plain", json(Map.of("name", "\"fresh\"")), Map.of()));
        cases.add(api("create, */*", "POST", "/api/v1/environments", "*/*", json(Map.of("name", "\"fresh\"")), Map.of()));
        cases.add(api("create, form-encoded", "POST", "/api/v1/environments", "application/x-www-form-urlencoded", "name=fresh", Map.of()));
        cases.add(api("create, the existing name", "POST", "/api/v1/environments", "application/json", json(Map.of()), Map.of()));
        // Changes to the existing environment: versions and fields.
        for (String ifMatch : List.of("\"abc\"", "\"9999999999999999999\"", "\"-1\"", "W/\"x\"", "\"7\"")) {
            cases.add(api("update, If-Match " + ifMatch, "PUT", "/api/v1/environments/dev", "application/json", json(Map.of()),
                    Map.of("If-Match", ifMatch)));
        }
        cases.add(apiUpdate("vpcCidr", "\"10.0.0.0/33\""));
        cases.add(apiUpdate("name", "\"renamed\""));
        cases.add(apiUpdate("containerPort", "3000.5"));
        cases.add(apiUpdate("healthCheckPath", "\"/" + "p".repeat(1100) + "\""));
        cases.add(api("update, an environment that is not there", "PUT", "/api/v1/environments/nope", "application/json",
                json(Map.of("name", "\"nope\"")), Map.of("If-Match", "\"0\"")));
        cases.add(api("delete, stale If-Match", "DELETE", "/api/v1/environments/dev", "application/json", null, Map.of("If-Match", "\"7\"")));
        cases.add(api("delete, If-Match overflow", "DELETE", "/api/v1/environments/dev", "application/json", null,
                Map.of("If-Match", "\"99999999999999999999\"")));
        cases.add(api("secret word, blank", "PUT", "/api/v1/environments/dev/secret-word", "application/json", "{\"secretWord\":\"\"}", Map.of()));
        cases.add(api("secret word, too long", "PUT", "/api/v1/environments/dev/secret-word", "application/json",
                "{\"secretWord\":\"" + "s".repeat(5000) + "\"}", Map.of()));
        cases.add(api("secret word, a number", "PUT", "/api/v1/environments/dev/secret-word", "application/json", "{\"secretWord\":5}", Map.of()));
        cases.add(api("secret word, not JSON", "PUT", "/api/v1/environments/dev/secret-word", "application/json", "secret", Map.of()));
        cases.add(api("secret word, of nobody", "PUT", "/api/v1/environments/nope/secret-word", "application/json",
                "{\"secretWord\":\"x\"}", Map.of()));
        // Provisioning routes: names, ids, confirmations.
        cases.add(api("plan, name over 40", "POST", "/api/v1/environments/" + LONG_NAME + "/plans"));
        cases.add(api("plan, no such environment", "POST", "/api/v1/environments/nope/plans"));
        cases.add(api("plan id a word", "GET", "/api/v1/environments/dev/plans/abc"));
        cases.add(api("plan id overflow", "GET", "/api/v1/environments/dev/plans/99999999999999999999"));
        cases.add(api("plan that is not there", "GET", "/api/v1/environments/dev/plans/424242"));
        cases.add(api("apply, plan that is not there", "POST", "/api/v1/environments/dev/plans/424242/apply"));
        cases.add(api("apply, name over 40", "POST", "/api/v1/environments/" + LONG_NAME + "/plans/1/apply"));
        cases.add(api("discard, plan id a fraction", "DELETE", "/api/v1/environments/dev/plans/1.5"));
        cases.add(api("destroy, no confirmation", "DELETE", "/api/v1/environments/dev/stack"));
        cases.add(api("destroy, wrong confirmation", "DELETE", "/api/v1/environments/dev/stack?confirm=prod"));
        cases.add(api("destroy, name over 40", "DELETE", "/api/v1/environments/" + LONG_NAME + "/stack?confirm=" + LONG_NAME));
        cases.add(api("drift, no such environment", "POST", "/api/v1/environments/nope/drift"));
        cases.add(api("drift, name over 40", "POST", "/api/v1/environments/" + LONG_NAME + "/drift"));
        cases.add(api("operation id a word", "GET", "/api/v1/operations/abc"));
        cases.add(api("operation id negative", "GET", "/api/v1/operations/-1"));
        cases.add(api("operation that is not there", "GET", "/api/v1/operations/424242"));
        cases.add(api("end, operation that is not there", "POST", "/api/v1/operations/424242/end"));
        cases.add(api("end, operation id a word", "POST", "/api/v1/operations/abc/end"));
        cases.add(api("connection check, no such environment", "POST", "/api/v1/environments/nope/connection-check"));
        cases.add(api("a route that does not exist", "GET", "/api/v1/nothing"));
        cases.add(api("a method the route does not take", "PATCH", "/api/v1/environments/dev", "application/json", "{}", Map.of()));
        cases.add(api("HEAD of nothing", "HEAD", "/api/v1/environments/nope"));
        // The pages' forms, signed in as an admin with a valid CSRF token.
        cases.add(formCreate("name", LONG_NAME));
        cases.add(formCreate("name", "UPPER"));
        cases.add(formCreate("name", "x\u0000y"));
        cases.add(formCreate("containerPort", "3000.5"));
        cases.add(formCreate("containerPort", "abc"));
        cases.add(formCreate("containerPort", "99999999999999999999"));
        cases.add(formCreate("desiredCount", "-1"));
        cases.add(formCreate("scalingMin", "abc"));
        cases.add(formCreate("scalingMax", "1e3"));
        cases.add(formCreate("vpcCidr", "010.0.0.0/16"));
        cases.add(formCreate("vpcCidr", "10.0.0.0/33"));
        cases.add(formCreate("healthCheckPath", "/" + "p".repeat(1100)));
        cases.add(formCreate("description", "nul\u0000here"));
        cases.add(formCreate("owner", "o".repeat(101)));
        cases.add(formCreate("taskSize", "4096/31744"));
        cases.add(formCreate("logRetentionDays", "2"));
        cases.add(formCreate("region", "mars-1"));
        cases.add(formCreate("imageTag", "bad tag"));
        cases.add(formCreate("secretWord", "s".repeat(5000)));
        cases.add(formCreate("autoScaling", "maybe"));
        cases.add(formUpdate("version", "abc"));
        cases.add(formUpdate("version", "99999999999999999999"));
        cases.add(formUpdate("version", "7"));
        cases.add(formUpdate("containerPort", "3000.5"));
        cases.add(formUpdate("vpcCidr", "300.1.1.1/16"));
        cases.add(form("delete dev, wrong confirmation", "/environments/dev/delete", Map.of("confirm", "prod")));
        cases.add(form("delete, name over 40", "/environments/" + LONG_NAME + "/delete", Map.of("confirm", LONG_NAME)));
        cases.add(form("plan, name over 40", "/environments/" + LONG_NAME + "/plans", Map.of()));
        cases.add(form("plan, no such environment", "/environments/nope/plans", Map.of()));
        cases.add(form("apply, plan id a word", "/environments/dev/plans/abc/apply", Map.of()));
        cases.add(form("apply, plan that is not there", "/environments/dev/plans/424242/apply", Map.of()));
        cases.add(form("discard, plan that is not there", "/environments/dev/plans/424242/discard", Map.of()));
        cases.add(form("destroy, wrong confirmation", "/environments/dev/destroy", Map.of("confirm", "prod")));
        cases.add(form("end, operation id a word", "/environments/dev/operations/abc/end", Map.of()));
        cases.add(form("end, operation that is not there", "/environments/dev/operations/424242/end", Map.of()));
        cases.add(form("drift, no such environment", "/environments/nope/drift", Map.of()));
        cases.add(form("connection check, no such environment", "/environments/nope/connection-check", Map.of()));
        cases.add(form("new user, line break in the name", "/users", Map.of("username", "eve\nINFO forged", "role", "VIEWER")));
        cases.add(form("new user, no such role", "/users", Map.of("username", "eve", "role", "GOD")));
        cases.add(form("new user, name over 64", "/users", Map.of("username", "e".repeat(65), "role", "VIEWER")));
        cases.add(form("new user, the existing name", "/users", Map.of("username", "mallory-admin", "role", "VIEWER")));
        cases.add(form("role, no such role", "/users/mallory-admin/role", Map.of("role", "GOD")));
        cases.add(form("role, no such user", "/users/nobody/role", Map.of("role", "VIEWER")));
        cases.add(form("password reset, no such user", "/users/nobody/password-reset", Map.of()));
        cases.add(form("disable, no such user", "/users/nobody/disable", Map.of()));
        cases.add(form("enable, a name with a line break", "/users/eve%0AINFO/enable", Map.of()));
        cases.add(form("password, over 72 bytes", "/account/password", Map.of("current", PortalUnderTest.PASSWORD,
                "password", "ü".repeat(40), "confirmation", "ü".repeat(40))));
        cases.add(form("password, confirmation differs", "/account/password", Map.of("current", PortalUnderTest.PASSWORD,
                "password", "a new long password 1", "confirmation", "a new long password 2")));
        cases.add(form("password, wrong current", "/account/password", Map.of("current", "wrong",
                "password", "a new long password 1", "confirmation", "a new long password 1")));
        cases.add(form("token, no name", "/tokens", Map.of("name", "", "permission", "read")));
        cases.add(form("token, name over 64", "/tokens", Map.of("name", "t".repeat(65), "permission", "read")));
        cases.add(form("token, no such permission", "/tokens", Map.of("name", "ci", "permission", "root")));
        cases.add(form("token, lifetime a word", "/tokens", Map.of("name", "ci", "permission", "read", "lifetimeDays", "forever")));
        cases.add(form("token, environment that is not there", "/tokens", Map.of("name", "ci", "permission", "read", "scope", "chosen",
                "environments", "nope")));
        cases.add(form("token, scope unknown", "/tokens", Map.of("name", "ci", "permission", "read", "scope", "everything")));
        cases.add(form("revoke, id a word", "/tokens/abc/revoke", Map.of()));
        cases.add(form("revoke, id that is not there", "/tokens/424242/revoke", Map.of()));
        cases.add(page("environment that is not there", "/environments/nope"));
        cases.add(page("edit, environment that is not there", "/environments/nope/edit"));
        cases.add(page("plan id a word", "/environments/dev/plans/abc"));
        cases.add(page("operation id overflow", "/environments/dev/operations/99999999999999999999"));
        cases.add(page("stack panel, name over 40", "/environments/" + LONG_NAME + "/stack"));
        cases.add(page("encoded slash", "/environments/..%2Fetc"));
        // Paths the web server itself refuses (a page of its own, no detail), some of which a JDK client will not even send.
        cases.add(raw("environment with an encoded slash", "/api/v1/environments/..%2Fetc"));
        cases.add(raw("environment with an encoded NUL", "/api/v1/environments/dev%00"));
        cases.add(raw("malformed escape in the API", "/api/v1/environments/%ZZ"));
        cases.add(raw("malformed escape in a page", "/environments/%ZZ"));
        cases.add(raw("a space in the path", "/api/v1/environments/a b"));
        return cases;
    }
}
