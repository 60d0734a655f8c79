package com.questportal.sandbox.elbv2;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load balancer's data plane: a local port that serves its HTTP listener and its HTTPS listener
 * both (a TLS ClientHello starts with byte 0x16, an HTTP request with a letter), so that the one
 * address in its DNS name works with {@code http://} and {@code https://}. Each request takes the
 * listener's default action: forward to the next healthy target (503 when none, 502 when the target
 * fails, 504 when it is too slow), redirect, or a fixed response; forwarded requests carry
 * {@code X-Forwarded-For}, {@code -Proto} and {@code -Port} and an {@code X-Amzn-Trace-Id}.
 */
final class LoadBalancerProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadBalancerProxy.class);
    private static final int TLS_HANDSHAKE = 0x16;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "upgrade",
            "proxy-authenticate", "proxy-authorization", "trailer");

    private final String loadBalancerArn;
    private final Balancers.Scope scope;
    private final ServerSocket server;
    private final TlsIdentity tls;
    private final Traffic traffic;
    private final ExecutorService connections;
    private final TargetConnections targetConnections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    LoadBalancerProxy(String loadBalancerArn, Balancers.Scope scope, ServerSocket server, TlsIdentity tls, Traffic traffic,
                      ExecutorService connections, TargetConnections targetConnections) {
        this.targetConnections = targetConnections;
        this.loadBalancerArn = loadBalancerArn;
        this.scope = scope;
        this.server = server;
        this.tls = tls;
        this.traffic = traffic;
        this.connections = connections;
        connections.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        Thread.currentThread().setName("sandbox-alb-accept-" + port());
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("event=load_balancer_accept_failed port={} reason=\"{}\"", port(), e.getMessage());
                }
            }
        }
    }

    /** A listener as one request sees it. */
    private record Listener(int port, List<Map<String, Object>> actions) {
    }

    /**
     * What requests need from the control plane's records: listeners, idle timeout and the healthy targets
     * of each group. Rebuilt under the scope's monitor only when a record changed, so that the request path
     * takes no lock while the health checker and ECS work on the same records.
     */
    private record View(long version, Map<String, Listener> listeners, Set<Integer> ports, int idleTimeoutMillis,
                        Map<String, List<Traffic.Target>> healthy) {
    }

    private volatile View view;

    private View view() {
        View current = view;
        if (current != null && current.version() == scope.version()) {
            return current;
        }
        synchronized (scope) {
            Map<String, Listener> listeners = new HashMap<>();
            Set<Integer> ports = new HashSet<>();
            Map<String, List<Traffic.Target>> healthy = new HashMap<>();
            for (ListenerRecord listener : scope.listeners.values()) {
                if (loadBalancerArn.equals(listener.loadBalancerArn())) {
                    ports.add(listener.port());
                    listeners.putIfAbsent(listener.protocol(), new Listener(listener.port(), listener.actions()));
                }
            }
            for (String groupArn : LoadBalancing.targetGroupsOf(scope, loadBalancerArn)) {
                healthy.put(groupArn, Traffic.healthy(scope, groupArn));
            }
            LoadBalancerRecord balancer = scope.loadBalancers.get(loadBalancerArn);
            current = new View(scope.version(), Map.copyOf(listeners), Set.copyOf(ports),
                    (balancer == null ? 60 : balancer.idleTimeoutSeconds()) * 1000, Map.copyOf(healthy));
            view = current;
            return current;
        }
    }

    private Listener listener(String protocol) {
        return view().listeners().get(protocol);
    }

    /** The port a listener of this load balancer has, or -1: what a redirect to {@code #{port}} or 443 means here. */
    private int hasListenerOn(int port) {
        return view().ports().contains(port) ? port : -1;
    }

    private int idleTimeoutMillis() {
        return view().idleTimeoutMillis();
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream raw = client.getInputStream();
            int first = raw.read();
            if (first < 0) {
                return;
            }
            boolean https = first == TLS_HANDSHAKE;
            Listener listener = listener(https ? "HTTPS" : "HTTP");
            if (listener == null) {
                return;
            }
            InputStream in;
            OutputStream out;
            if (https) {
                SSLSocket secured = (SSLSocket) tls.context().getSocketFactory()
                        .createSocket(client, new ByteArrayInputStream(new byte[] {(byte) first}), true);
                secured.setUseClientMode(false);
                in = new BufferedInputStream(secured.getInputStream());
                out = new BufferedOutputStream(secured.getOutputStream());
            } else {
                in = new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), raw));
                out = new BufferedOutputStream(client.getOutputStream());
            }
            client.setSoTimeout(idleTimeoutMillis());
            String clientIp = ((InetSocketAddress) client.getRemoteSocketAddress()).getAddress().getHostAddress();
            boolean again = true;
            while (again) {
                HttpHead request;
                try {
                    request = HttpHead.read(in);
                } catch (HttpHead.Malformed e) {
                    ListenerActions.answer(out, 400, "Bad Request", false);
                    return;
                }
                if (request == null) {
                    return;
                }
                Listener now = listener(https ? "HTTPS" : "HTTP");
                again = now != null && exchange(request, in, out, now, https, clientIp);
                out.flush();
            }
        } catch (SocketTimeoutException idle) {
            // The client kept the connection idle past the load balancer's idle timeout: ALB closes it too.
        } catch (IOException e) {
            log.debug("event=load_balancer_connection_ended port={} reason=\"{}\"", port(), e.getMessage());
        } finally {
            open.remove(client);
        }
    }

    /** Answers one request; false when the connection must close afterwards. */
    private boolean exchange(HttpHead request, InputStream in, OutputStream out, Listener listener, boolean https, String clientIp)
            throws IOException {
        traffic.request(loadBalancerArn);
        String[] parts = request.startLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            ListenerActions.answer(out, 400, "Bad Request", false);
            return false;
        }
        boolean keepAlive = parts[2].equals("HTTP/1.1") ? !request.hasToken("Connection", "close")
                : request.hasToken("Connection", "keep-alive");
        if (request.hasToken("Expect", "100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            request.remove("Expect");
        }
        Map<String, Object> action = ListenerActions.terminalAction(listener.actions());
        String type = String.valueOf(action.get("Type"));
        if (type.equals("forward")) {
            return forward(request, in, out, listener, https, clientIp, ListenerActions.targetGroupOf(action), keepAlive);
        }
        request.copyBody(in, OutputStream.nullOutputStream());
        if (type.equals("redirect")) {
            ListenerActions.redirect(out, request, https, (Map<?, ?>) action.get("RedirectConfig"), keepAlive, port(),
                    other -> hasListenerOn(other) > 0);
        } else {
            ListenerActions.fixedResponse(out, (Map<?, ?>) action.get("FixedResponseConfig"), keepAlive);
        }
        return keepAlive;
    }

    private boolean forward(HttpHead request, InputStream in, OutputStream out, Listener listener, boolean https, String clientIp,
                            String targetGroupArn, boolean keepAlive) throws IOException {
        Traffic.Target target = targetGroupArn == null ? null
                : traffic.next(loadBalancerArn, targetGroupArn, view().healthy().getOrDefault(targetGroupArn, List.of()));
        if (target == null) {
            request.copyBody(in, OutputStream.nullOutputStream());
            return elbError(out, 503, "Service Temporarily Unavailable", keepAlive);
        }
        Traffic.TargetCounters counters = traffic.of(target);
        counters.activeConnections.incrementAndGet();
        counters.requests.incrementAndGet();
        boolean bodyless = !request.chunked() && request.contentLength() <= 0;
        try {
            for (int attempt = 1; ; attempt++) {
                TargetConnections.Connection upstream;
                try {
                    upstream = targetConnections.open(target, idleTimeoutMillis());
                } catch (IOException refused) {
                    request.copyBody(in, OutputStream.nullOutputStream());
                    return elbError(out, 502, "Bad Gateway", keepAlive);
                }
                // A pooled connection the target closed while it sat idle fails before any answer: a request without
                // a body is then sent once more on a new connection, which is what ALB does too.
                boolean mayRetry = upstream.reused && bodyless && attempt == 1;
                boolean answering = false;
                try {
                    long sentAt = System.nanoTime();
                    forwardedHead(request, listener, https, clientIp).write(upstream.out);
                    request.copyBody(in, upstream.out);
                    upstream.out.flush();
                    HttpHead response = HttpHead.read(upstream.in);
                    while (response != null && informational(response)) {
                        response = HttpHead.read(upstream.in);
                    }
                    if (response == null) {
                        upstream.close();
                        if (mayRetry) {
                            continue;
                        }
                        return elbError(out, 502, "Bad Gateway", keepAlive);
                    }
                    int status = status(response);
                    traffic.targetAnswered(loadBalancerArn, target, status, (System.nanoTime() - sentAt) / 1e9);
                    boolean reusable = response.startLine.startsWith("HTTP/1.1") && !response.hasToken("Connection", "close")
                            && (request.method().equals("HEAD") || status == 204 || status == 304 || response.chunked()
                            || response.contentLength() >= 0);
                    answering = true;
                    boolean persist = relay(request, response, status, upstream.in, out, keepAlive);
                    if (reusable) {
                        targetConnections.release(target, upstream);
                    } else {
                        upstream.close();
                    }
                    return persist;
                } catch (SocketTimeoutException slow) {
                    upstream.close();
                    if (answering) {
                        throw slow;
                    }
                    return elbError(out, 504, "Gateway Time-out", false);
                } catch (IOException e) {
                    upstream.close();
                    if (answering) {
                        throw e;
                    }
                    if (mayRetry && !(e instanceof HttpHead.Malformed)) {
                        continue;
                    }
                    return elbError(out, 502, "Bad Gateway", false);
                }
            }
        } finally {
            counters.activeConnections.decrementAndGet();
        }
    }

    private HttpHead forwardedHead(HttpHead request, Listener listener, boolean https, String clientIp) {
        HttpHead forwarded = HttpHead.of(request.startLine);
        for (String[] header : request.headers) {
            if (!HOP_BY_HOP.contains(header[0].toLowerCase(Locale.ROOT))) {
                forwarded.headers.add(header);
            }
        }
        String forwardedFor = request.header("X-Forwarded-For");
        forwarded.set("X-Forwarded-For", forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp);
        forwarded.set("X-Forwarded-Proto", https ? "https" : "http");
        forwarded.set("X-Forwarded-Port", String.valueOf(listener.port()));
        if (request.header("X-Amzn-Trace-Id") == null) {
            byte[] id = new byte[12];
            random.nextBytes(id);
            forwarded.set("X-Amzn-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                    + HexFormat.of().formatHex(id));
        }
        return forwarded;
    }

    /** Sends the target's answer on; false when the client connection must close after it. */
    private boolean relay(HttpHead request, HttpHead response, int status, InputStream fromTarget, OutputStream out,
                          boolean keepAlive) throws IOException {
        boolean noBody = request.method().equals("HEAD") || status == 204 || status == 304;
        boolean framed = noBody || response.chunked() || response.contentLength() >= 0;
        boolean persist = keepAlive && framed;
        HttpHead answer = HttpHead.of(response.startLine);
        for (String[] header : response.headers) {
            if (!HOP_BY_HOP.contains(header[0].toLowerCase(Locale.ROOT))) {
                answer.headers.add(header);
            }
        }
        if (!persist) {
            answer.set("Connection", "close");
        }
        answer.write(out);
        if (noBody) {
            return persist;
        }
        if (framed) {
            response.copyBody(fromTarget, out);
        } else {
            fromTarget.transferTo(out);
        }
        return persist;
    }

    private boolean elbError(OutputStream out, int status, String reason, boolean keepAlive) throws IOException {
        traffic.elb5xx(loadBalancerArn);
        return ListenerActions.answer(out, status, reason, keepAlive);
    }

    /** A 1xx answer (100 Continue, 103 Early Hints) that comes before the final one. */
    private static boolean informational(HttpHead response) {
        String line = response.startLine;
        return line.length() > 9 && line.startsWith("HTTP/1.") && line.charAt(9) == '1';
    }

    private static int status(HttpHead response) throws HttpHead.Malformed {
        String[] parts = response.startLine.split(" ", 3);
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new HttpHead.Malformed("a status line without a status code: " + response.startLine);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("event=load_balancer_close_failed port={} reason=\"{}\"", port(), e.getMessage());
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("event=load_balancer_connection_close_failed reason=\"{}\"", e.getMessage());
            }
        }
    }
}
