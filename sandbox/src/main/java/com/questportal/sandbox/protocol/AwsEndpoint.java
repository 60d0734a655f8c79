package com.questportal.sandbox.protocol;

import com.questportal.sandbox.runtime.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The sandbox's one AWS endpoint: checks the SigV4 signature, finds the service by
 * {@code X-Amz-Target} (JSON 1.1), by the {@code /service/.../operation/...} path (RPC v2 CBOR) or by
 * signing name and {@code Action} (query), decodes the SDK
 * request, runs the operation and encodes the SDK response or the AWS error in the same protocol.
 * Each response says in a standard {@code Server-Timing} header how long the sandbox itself took,
 * so that a slow call can be told apart from a slow client.
 */
public final class AwsEndpoint implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(AwsEndpoint.class);

    /** The exchange attribute holding when the sandbox began this request, for the Server-Timing header. */
    private static final String STARTED_AT = "com.questportal.sandbox.startedAt";
    private static final Pattern RPC_V2_PATH = Pattern.compile("/service/([^/]+)/operation/([^/]+)");

    private final Principals principals;
    private final BeforeCall faults;
    private final List<AwsService> services;
    private final Clock clock;
    private final int maxBodyBytes;
    /** The event streams being written, each on a thread of its own: a stream lasts as long as its session. */
    private final java.util.concurrent.ExecutorService streams =
            java.util.concurrent.Executors.newCachedThreadPool(DaemonThreads.named("sandbox-event-stream"));

    public AwsEndpoint(Principals principals, List<AwsService> services, Clock clock, int maxBodyBytes, BeforeCall faults) {
        this.principals = principals;
        this.faults = faults;
        this.services = List.copyOf(services);
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        boolean streaming = false;
        try {
            exchange.setAttribute(STARTED_AT, System.nanoTime());
            String requestId = UUID.randomUUID().toString();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            SigV4.Claim claim = SigV4.parse(exchange.getRequestHeaders().getFirst("Authorization"));
            Protocol protocol = target != null ? Protocol.JSON_1_1
                    : "rpc-v2-cbor".equals(exchange.getRequestHeaders().getFirst("smithy-protocol")) ? Protocol.RPC_V2_CBOR
                    : claim != null && claim.service().equals("ec2") ? Protocol.EC2 : Protocol.QUERY;
            try {
                byte[] body = readBody(exchange.getRequestBody());
                SigV4.SignedRequest signed = new SigV4.SignedRequest(exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(), body);
                CallContext context = authenticate(claim, signed, protocol, requestId);
                if (protocol == Protocol.JSON_1_1) {
                    streaming = answerJson(exchange, target, body, context);
                } else if (protocol == Protocol.RPC_V2_CBOR) {
                    answerCbor(exchange, body, context);
                } else {
                    answerQuery(exchange, claim.service(), body, context);
                }
            } catch (AwsServiceException e) {
                sendError(exchange, protocol, e, requestId);
            } catch (RuntimeException e) {
                log.error("event=internal_failure requestId={} target={}", requestId, target, e);
                sendError(exchange, protocol, new AwsServiceException("InternalFailure",
                        "The sandbox failed to process this request; its log has the cause (request " + requestId + ").", 500),
                        requestId);
            }
        } finally {
            // An event stream goes on after this thread returns, on a thread of its own, which closes the exchange at its end.
            if (!streaming) {
                exchange.close();
            }
        }
    }

    private byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw new AwsServiceException("RequestEntityTooLarge",
                    "The request body is larger than the " + maxBodyBytes + " bytes this endpoint accepts.", 413);
        }
        return body;
    }

    private CallContext authenticate(SigV4.Claim claim, SigV4.SignedRequest request, Protocol protocol, String requestId) {
        boolean json = protocol == Protocol.JSON_1_1;
        if (claim == null) {
            throw json
                    ? AwsServiceException.badRequest("MissingAuthenticationTokenException", "Missing Authentication Token")
                    : new AwsServiceException("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
        }
        Instant now = clock.instant();
        Principal principal = principals.find(claim.accessKeyId())
                .filter(found -> found.sessionToken() == null || found.sessionToken().equals(request.header("X-Amz-Security-Token")))
                .orElseThrow(() -> json
                        ? AwsServiceException.badRequest("UnrecognizedClientException", "The security token included in the request is invalid.")
                        : new AwsServiceException("InvalidClientTokenId", "The security token included in the request is invalid.", 403));
        if (principal.isExpiredAt(now)) {
            throw AwsServiceException.badRequest(json ? "ExpiredTokenException" : "ExpiredToken",
                    "The security token included in the request is expired");
        }
        Instant signedAt = SigV4.requestTime(request);
        if (signedAt == null || !SigV4.isWithinSkew(signedAt, now)) {
            throw signatureError(json, "Signature expired or X-Amz-Date missing: the request time must be within 15 minutes of "
                    + now + ".");
        }
        if (!SigV4.matches(claim, principal.secretAccessKey(), request)) {
            throw signatureError(json, "The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method.");
        }
        return new CallContext(requestId, principal.accountId(), claim.region(), principal.arn(), principal.userId(),
                principal.accessKeyId());
    }

    private static AwsServiceException signatureError(boolean json, String message) {
        return json
                ? AwsServiceException.badRequest("InvalidSignatureException", message)
                : new AwsServiceException("SignatureDoesNotMatch", message, 403);
    }

    /** Answers a JSON 1.1 call; true when the answer is an event stream that goes on after this returns. */
    private boolean answerJson(HttpExchange exchange, String target, byte[] body, CallContext context) throws IOException {
        int dot = target.lastIndexOf('.');
        String prefix = dot < 0 ? "" : target.substring(0, dot);
        String name = target.substring(dot + 1);
        AwsService service = services.stream()
                .filter(candidate -> candidate.protocol() == Protocol.JSON_1_1 && prefix.equals(candidate.targetPrefix())
                        && (candidate.operations().containsKey(name) || candidate.streams().containsKey(name)))
                .findFirst()
                .orElseThrow(() -> AwsServiceException.badRequest("UnknownOperationException",
                        "The operation '" + target + "' is not one the sandbox knows."));
        faults.beforeCall(service.signingName(), name, Protocol.JSON_1_1);
        EventStreaming<?> streaming = service.streams().get(name);
        if (streaming != null) {
            EventStreaming.Stream stream = streaming.open(JsonCodec.read(body, streaming.requestBuilder()), context);
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.amazon.eventstream");
            exchange.getResponseHeaders().set("x-amzn-RequestId", context.requestId());
            try {
                exchange.sendResponseHeaders(200, 0);
            } catch (IOException | RuntimeException gone) {
                stream.ended();
                throw gone;
            }
            streams.execute(() -> {
                try (exchange) {
                    stream.writeTo(new EventStreaming.Writer(exchange.getResponseBody()));
                } catch (IOException closed) {
                    // The client left: the stream ends here, as AWS's does.
                } finally {
                    stream.ended();
                }
            });
            return true;
        }
        Operation<?, ?> operation = service.operations().get(name);
        SdkPojo response = operation.invoke(JsonCodec.read(body, operation.requestBuilder()), context);
        send(exchange, 200, "application/x-amz-json-1.1", JsonCodec.write(response), context.requestId());
        return false;
    }

    private void answerCbor(HttpExchange exchange, byte[] body, CallContext context) throws IOException {
        Matcher path = RPC_V2_PATH.matcher(exchange.getRequestURI().getRawPath());
        Operation<?, ?> operation = null;
        AwsService service = null;
        if (path.matches()) {
            for (AwsService candidate : services) {
                if (candidate.protocol() == Protocol.RPC_V2_CBOR && candidate.targetPrefix().equals(path.group(1))) {
                    service = candidate;
                    operation = candidate.operations().get(path.group(2));
                }
            }
        }
        if (operation == null) {
            throw new AwsServiceException("UnknownOperationException",
                    "The path '" + exchange.getRequestURI().getRawPath() + "' names no RPC v2 operation the sandbox knows.", 404);
        }
        faults.beforeCall(service.signingName(), operation.name(), Protocol.RPC_V2_CBOR);
        SdkPojo response = operation.invoke(CborCodec.read(body, operation.requestBuilder()), context);
        exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
        send(exchange, 200, "application/cbor", CborCodec.write(response), context.requestId());
    }

    private void answerQuery(HttpExchange exchange, String signingName, byte[] body, CallContext context) throws IOException {
        Map<String, String> parameters = QueryCodec.parameters(body);
        String action = parameters.get("Action");
        if (action == null || action.isBlank()) {
            throw AwsServiceException.badRequest("MissingAction", "The request must contain the parameter Action.");
        }
        AwsService service = services.stream()
                .filter(candidate -> (candidate.protocol() == Protocol.QUERY || candidate.protocol() == Protocol.EC2)
                        && candidate.signingName().equals(signingName))
                .findFirst()
                .orElseThrow(() -> AwsServiceException.badRequest("InvalidAction",
                        "The sandbox has no query service signed as '" + signingName + "'."));
        Operation<?, ?> operation = service.operations().get(action);
        if (operation == null) {
            throw AwsServiceException.badRequest("InvalidAction",
                    "Could not find operation " + action + " for version " + parameters.getOrDefault("Version", "(none)"));
        }
        faults.beforeCall(service.signingName(), action, service.protocol());
        boolean ec2 = service.protocol() == Protocol.EC2;
        SdkPojo request = ec2 ? Ec2Codec.read(parameters, operation.requestBuilder()) : QueryCodec.read(parameters, operation.requestBuilder());
        SdkPojo response = operation.invoke(request, context);
        String xml = ec2 ? Ec2Codec.write(action, service.xmlNamespace(), response, context.requestId())
                : QueryCodec.write(action, service.xmlNamespace(), response, context.requestId());
        send(exchange, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8), context.requestId());
    }

    private static void sendError(HttpExchange exchange, Protocol protocol, AwsServiceException error, String requestId)
            throws IOException {
        if (protocol == Protocol.JSON_1_1) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", error.code());
            String json = "{\"__type\":\"" + error.code() + "\",\"message\":" + jsonString(error.getMessage()) + "}";
            send(exchange, error.status(), "application/x-amz-json-1.1", json.getBytes(StandardCharsets.UTF_8), requestId);
        } else if (protocol == Protocol.RPC_V2_CBOR) {
            // CloudWatch is "awsQueryCompatible": its clients take the error's code from this header, as over the query protocol.
            exchange.getResponseHeaders().set("x-amzn-query-error", error.code() + ";" + error.faultType());
            exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
            send(exchange, error.status(), "application/cbor", CborCodec.error(error), requestId);
        } else {
            String xml = protocol == Protocol.EC2 ? Ec2Codec.error(error, requestId) : QueryCodec.error(error, requestId);
            send(exchange, error.status(), "text/xml", xml.getBytes(StandardCharsets.UTF_8), requestId);
        }
    }

    private static String jsonString(String text) {
        return new String(software.amazon.awssdk.protocols.jsoncore.JsonWriter.create().writeValue(text).getBytes(),
                StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, String requestId)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (exchange.getAttribute(STARTED_AT) instanceof Long startedAt) {
            exchange.getResponseHeaders().set("Server-Timing", String.format(Locale.ROOT, "sandbox;dur=%.3f",
                    (System.nanoTime() - startedAt) / 1e6));
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
