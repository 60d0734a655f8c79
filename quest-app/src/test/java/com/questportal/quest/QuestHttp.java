package com.questportal.quest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The tests' HTTP client: GETs with optional headers, answers as strings. */
final class QuestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private QuestHttp() {
    }

    static HttpResponse<String> get(String url, String... headerPairs) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET(), headerPairs);
    }

    static HttpResponse<String> send(HttpRequest.Builder request, String... headerPairs)
            throws IOException, InterruptedException {
        if (headerPairs.length > 0) {
            request.headers(headerPairs);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
