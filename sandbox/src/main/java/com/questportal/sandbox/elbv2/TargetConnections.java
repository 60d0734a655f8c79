package com.questportal.sandbox.elbv2;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Keep-alive connections from the load balancers to their targets, as ALB keeps them: a request
 * borrows an idle one (or opens one) and gives it back when the target's answer leaves it reusable.
 * Connections idle longer than {@link #MAX_IDLE_MILLIS} are closed before a target's own idle
 * timeout can close them under a request.
 */
final class TargetConnections implements AutoCloseable {

    static final long MAX_IDLE_MILLIS = 4_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    /** One connection to a target; {@code reused} says it carried a request before, so it may have gone stale. */
    static final class Connection implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final boolean reused;
        final long idleSince;

        private Connection(Socket socket, InputStream in, OutputStream out, boolean reused, long idleSince) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.reused = reused;
            this.idleSince = idleSince;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a connection that already failed: nothing more to do with it.
            }
        }
    }

    private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();

    Connection open(Traffic.Target target, int readTimeoutMillis) throws IOException {
        Deque<Connection> pool = idle.get(target.key());
        long now = System.currentTimeMillis();
        for (Connection pooled = pool == null ? null : pool.pollFirst(); pooled != null; pooled = pool.pollFirst()) {
            if (!pooled.socket.isClosed() && now - pooled.idleSince < MAX_IDLE_MILLIS) {
                pooled.socket.setSoTimeout(readTimeoutMillis);
                return new Connection(pooled.socket, pooled.in, pooled.out, true, now);
            }
            pooled.close();
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.ip(), target.port()), CONNECT_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(readTimeoutMillis);
            return new Connection(socket, new BufferedInputStream(socket.getInputStream()),
                    new BufferedOutputStream(socket.getOutputStream()), false, now);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    void release(Traffic.Target target, Connection connection) {
        idle.computeIfAbsent(target.key(), key -> new ConcurrentLinkedDeque<>()).addFirst(new Connection(connection.socket,
                connection.in, connection.out, true, System.currentTimeMillis()));
    }

    /** Closes connections idle too long, among them those of targets that drained and stopped. */
    void closeIdle() {
        long now = System.currentTimeMillis();
        for (Deque<Connection> pool : idle.values()) {
            pool.removeIf(connection -> {
                boolean stale = connection.socket.isClosed() || now - connection.idleSince >= MAX_IDLE_MILLIS;
                if (stale) {
                    connection.close();
                }
                return stale;
            });
        }
    }

    @Override
    public void close() {
        idle.values().forEach(pool -> pool.forEach(Connection::close));
        idle.clear();
    }
}
