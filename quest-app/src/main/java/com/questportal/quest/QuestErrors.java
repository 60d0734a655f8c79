package com.questportal.quest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers before the routes (a request that is not HTTP, headers past every bound) or after a route failed:
 * the quest's own page or problem document, never Jetty's page with its exception names.
 */
final class QuestErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        String title = HttpStatus.getMessage(status);
        String detail = status >= 500
                ? "The quest failed to answer this request."
                : "The request was refused before it reached the quest" + (message == null ? "." : ": " + message + ".");
        Problem problem = new Problem(status, title, detail);
        boolean json = ContentNegotiation.wantsJson(request.getHeaders().get(HttpHeader.ACCEPT));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, problem.contentType(json));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(problem.body(json).getBytes(StandardCharsets.UTF_8)), callback);
    }
}
