package com.questportal.quest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad requests get a status in words, and none of them stops the server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestBadInputIntegrationTests {

    private QuestProcess quest;

    @BeforeAll
    void start() throws Exception {
        quest = QuestProcess.start(Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        quest.close();
    }

    @AfterEach
    void serverStillServes() throws Exception {
        assertThat(QuestHttp.get(quest.url("/health")).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathIsA404Page() throws Exception {
        HttpResponse<String> response = QuestHttp.get(quest.url("/admin/../etc/passwd"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("<h1>404 Not found</h1>");
    }

    @Test
    void unknownPathIsA404ProblemForJsonClients() throws Exception {
        HttpResponse<String> response = QuestHttp.get(quest.url("/nope"), "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"status\":404,\"title\":\"Not found\",\"detail\":\"There is no page at /nope.\"}");
    }

    /** The JDK's server answered these "400 URISyntaxException thrown" before any route saw them. */
    @ParameterizedTest
    @ValueSource(strings = {"//", "///", "//health", "/a//b", "/%2F", "/a/%2e%2e/b", "/x;y=1", "/%7Euser"})
    void oddButValidPathsGetTheQuestsOwn404(String target) throws Exception {
        String response = rawResponse("GET " + target + " HTTP/1.1\r\nHost: quest\r\nAccept: application/json\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 404");
        assertThat(response).contains("\"title\":\"Not found\",\"detail\":\"There is no page at ");
    }

    @Test
    void aMalformedPathIsRefusedInWordsWithoutTheServersInnards() throws Exception {
        String response = rawResponse("GET /%zz HTTP/1.1\r\nHost: quest\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("<h1>400 Bad Request</h1>", "refused before it reached the quest", "Back to the quest");
        assertThat(response).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("jetty")
                .doesNotContain("org.eclipse");
    }

    @Test
    void wrongMethodIs405WithTheAllowedOnes() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> response = QuestHttp.send(HttpRequest.newBuilder(URI.create(quest.url("/secret_word")))
                    .method(method, HttpRequest.BodyPublishers.ofString("SECRET_WORD=guess")));

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(response.body()).contains(method + " is not allowed here");
        }
    }

    @Test
    void aRefusedRequestWhoseBodyHasNotAllArrivedClosesItsConnection() throws Exception {
        String response = rawResponse("POST /secret_word HTTP/1.1\r\nHost: quest\r\nContent-Length: 100\r\n\r\nSECRET_WORD");

        assertThat(response).startsWith("HTTP/1.1 405").containsIgnoringCase("Connection: close").contains("POST is not allowed here");
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        HttpResponse<String> response = QuestHttp.send(HttpRequest.newBuilder(URI.create(quest.url("/")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void overlongUriIs414() throws Exception {
        HttpResponse<String> response = QuestHttp.get(quest.url("/?q=" + "a".repeat(QuestRoutes.MAX_URI_LENGTH)));

        assertThat(response.statusCode()).isEqualTo(414);
        assertThat(response.body()).contains("longer than 8192 characters");
    }

    @Test
    void oversizedHeaderIs431() throws Exception {
        HttpResponse<String> response = QuestHttp.get(quest.url("/"), "X-Padding", "a".repeat(QuestRoutes.MAX_HEADER_BYTES));

        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(response.body()).contains("Request header fields too large");
    }

    @Test
    void tooManyHeadersIs431() throws Exception {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i <= QuestRoutes.MAX_HEADERS; i++) {
            headers.add("X-Header-" + i);
            headers.add("v");
        }
        HttpResponse<String> response = QuestHttp.get(quest.url("/"), headers.toArray(String[]::new));

        assertThat(response.statusCode()).isEqualTo(431);
    }

    @Test
    void headersFarPastTheLimitStillGet431() throws Exception {
        String status = rawStatusLine("GET / HTTP/1.1\r\nHost: quest\r\nX-Padding: "
                + "a".repeat(QuestServer.PARSER_MAX_HEADER_BYTES - 1024) + "\r\n\r\n");

        assertThat(status).startsWith("HTTP/1.1 431");
    }

    @Test
    void garbageIsA400() throws Exception {
        assertThat(rawStatusLine("\u0001\u0002garbage\r\n\r\n")).startsWith("HTTP/1.1 400");
    }

    @Test
    void aClientThatHangsUpMidRequestLeavesTheServerServing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", quest.port())) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: qu".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The whole answer: the request asks the server to close the connection after it. */
    private String rawResponse(String request) throws IOException {
        return sendRaw(request, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    private String rawStatusLine(String request) throws IOException {
        return sendRaw(request, in -> {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        });
    }

    private String sendRaw(String request, AnswerReader reader) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", quest.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return reader.read(socket.getInputStream());
        }
    }

    private interface AnswerReader {
        String read(InputStream in) throws IOException;
    }
}
