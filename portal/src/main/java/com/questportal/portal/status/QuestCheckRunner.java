package com.questportal.portal.status;

import com.questportal.portal.aws.LoadBalancerHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the quest's five checks through a load balancer's URL, all at once: the index page (does it reveal the secret
 * word?) and {@code /docker}, {@code /secret_word}, {@code /loadbalanced}, {@code /tls}, whose JSON answers say passed or
 * not and why. The secret word itself is neither kept nor shown: it belongs in SSM.
 */
final class QuestCheckRunner {

    static final List<String> CHECKS = List.of("index", "docker", "secret_word", "loadbalanced", "tls");
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern SECRET_WORD = Pattern.compile("id=\"secret-word\"[^>]*>([^<]*)<");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Clock clock;

    QuestCheckRunner(Clock clock) {
        this.clock = clock;
    }

    /** The round, begun: its checks run concurrently and each ends within the request timeout. */
    CompletableFuture<QuestCheckRound> run(HttpClient http, String url) {
        String base = url.endsWith("/") ? url : url + "/";
        List<CompletableFuture<QuestCheckRound.QuestCheck>> checks = new ArrayList<>();
        for (String check : CHECKS) {
            URI target = URI.create(base + (check.equals("index") ? "" : check));
            HttpRequest request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT)
                    .header("Accept", check.equals("index") ? "text/html" : "application/json")
                    .header("User-Agent", "quest-portal-checks").GET().build();
            checks.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((answer, failure) -> failure == null ? judge(check, base, answer) : unanswered(check, failure)));
        }
        HttpRequest askVersion = HttpRequest.newBuilder(URI.create(base + "version")).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").header("User-Agent", "quest-portal-checks").GET().build();
        CompletableFuture<String> version = http.sendAsync(askVersion, HttpResponse.BodyHandlers.ofString())
                .handle((answer, failure) -> failure == null ? imageTag(answer) : null);
        return CompletableFuture.allOf(version, CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)))
                .thenApply(done -> new QuestCheckRound(base, checks.stream().map(CompletableFuture::join).toList(), clock.instant(),
                        version.join()));
    }

    /** The image tag in the quest's {@code /version} answer, or null when the answer was not the quest's. */
    static String imageTag(HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            return null;
        }
        try {
            JsonNode tag = JSON.readTree(answer.body()).path("imageTag");
            return tag.isString() ? tag.asString() : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    static QuestCheckRound.QuestCheck judge(String check, String base, HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            return new QuestCheckRound.QuestCheck(check, false, "The load balancer answered " + answer.statusCode() + meaning(answer.statusCode()) + ".");
        }
        if (check.equals("index")) {
            Matcher word = SECRET_WORD.matcher(answer.body());
            return word.find() && !word.group(1).isBlank()
                    ? new QuestCheckRound.QuestCheck(check, true, "The index page reveals the secret word (not shown here: secrets stay in SSM).")
                    : new QuestCheckRound.QuestCheck(check, false, "The index page answered but reveals no secret word.");
        }
        QuestCheckRound.QuestCheck result = questAnswer(check, answer.body());
        if (check.equals("tls") && base.startsWith("http:")) {
            return new QuestCheckRound.QuestCheck(check, result.passed(), result.detail()
                    + " The environment has no certificate, so its load balancer serves plain HTTP only.");
        }
        return result;
    }

    private static QuestCheckRound.QuestCheck questAnswer(String check, String body) {
        try {
            JsonNode answer = JSON.readTree(body);
            if (answer.path("check").asString("").equals(check) && answer.path("passed").isBoolean()) {
                return new QuestCheckRound.QuestCheck(check, answer.get("passed").asBoolean(), answer.path("detail").asString(""));
            }
        } catch (JacksonException notJson) {
            // Answered below: whatever it was, it was not the quest's answer.
        }
        return new QuestCheckRound.QuestCheck(check, false, "The answer was not the quest's: is the quest what runs behind this load balancer?");
    }

    private static String meaning(int status) {
        return switch (status) {
            case 502 -> " (Bad Gateway: a task failed to answer)";
            case 503 -> " (Service Unavailable: no healthy target)";
            case 504 -> " (Gateway Timeout: a task answered too slowly)";
            case 404 -> " (Not Found: this quest version has no such check)";
            default -> "";
        };
    }

    static QuestCheckRound.QuestCheck unanswered(String check, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String why;
        if (cause instanceof HttpConnectTimeoutException) {
            why = "The load balancer did not accept a connection within " + LoadBalancerHttp.CONNECT_TIMEOUT.toSeconds() + " s.";
        } else if (cause instanceof HttpTimeoutException) {
            why = "No answer within " + REQUEST_TIMEOUT.toSeconds() + " s.";
        } else if (cause instanceof ConnectException) {
            why = "The load balancer refused the connection.";
        } else if (cause instanceof SSLException) {
            why = "The HTTPS connection failed: " + cause.getMessage();
        } else if (cause instanceof IOException) {
            why = "The request failed: " + (cause.getMessage() == null ? "the connection closed" : cause.getMessage());
        } else {
            throw new CompletionException(cause);
        }
        return new QuestCheckRound.QuestCheck(check, false, why);
    }
}
