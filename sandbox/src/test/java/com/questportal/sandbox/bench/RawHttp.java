package com.questportal.sandbox.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection with no client library in the way: a benchmark's measuring
 * stick, so that the figures are the server's and the network's, not an HTTP client's.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BufferedInputStream in;
    private final String host;

    RawHttp(URI base) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
        host = base.getHost() + ":" + base.getPort();
    }

    /** Sends the request and reads the whole answer; returns its status. */
    int send(String method, String path, String extraHeaders, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders
                + (body == null ? "" : "Content-Length: " + content.length + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
        return readResponse();
    }

    int get(String path) throws IOException {
        return send("GET", path, "", null);
    }

    private int readResponse() throws IOException {
        int status = -1;
        int length = 0;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            String header = line.toString().trim();
            line.setLength(0);
            if (header.isEmpty()) {
                break;
            }
            if (status < 0) {
                status = Integer.parseInt(header.split(" ")[1]);
            } else if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return status;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
