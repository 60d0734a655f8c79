package com.questportal.sandbox.elbv2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start line and headers of one HTTP/1.1 message as the load balancer relays it, header order
 * and case kept; and the body framing rules of RFC 9112 to copy a body without buffering it.
 */
final class HttpHead {

    /** ALB refuses request heads larger than this with 431 (its limit is 64 KB of headers). */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** The message was not HTTP/1.x; the connection cannot be used further. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    final String startLine;
    final List<String[]> headers;

    private HttpHead(String startLine, List<String[]> headers) {
        this.startLine = startLine;
        this.headers = headers;
    }

    static HttpHead of(String startLine) {
        return new HttpHead(startLine, new ArrayList<>());
    }

    /** The next message head, or null when the peer closed the connection before sending one. */
    static HttpHead read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String startLine = null;
        List<String[]> headers = new ArrayList<>();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (startLine == null && line.size() == 0) {
                    return null;
                }
                throw new Malformed("the connection closed in the middle of a message head");
            }
            if (++total > MAX_HEAD_BYTES) {
                throw new Malformed("the message head is larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (startLine == null) {
                if (text.isEmpty()) {
                    continue;
                }
                startLine = text;
            } else if (text.isEmpty()) {
                return new HttpHead(startLine, headers);
            } else {
                int colon = text.indexOf(':');
                if (colon <= 0 || Character.isWhitespace(text.charAt(colon - 1))) {
                    throw new Malformed("a header line without a name: " + text);
                }
                headers.add(new String[] {text.substring(0, colon), text.substring(colon + 1).trim()});
            }
        }
    }

    String header(String name) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                return header[1];
            }
        }
        return null;
    }

    void remove(String name) {
        headers.removeIf(header -> header[0].equalsIgnoreCase(name));
    }

    HttpHead set(String name, String value) {
        remove(name);
        headers.add(new String[] {name, value});
        return this;
    }

    boolean hasToken(String name, String token) {
        String value = header(name);
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    boolean chunked() {
        return hasToken("Transfer-Encoding", "chunked");
    }

    /** -1 when the head names no length. */
    long contentLength() throws Malformed {
        String value = header("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0) {
                throw new Malformed("a negative Content-Length");
            }
            return length;
        } catch (NumberFormatException e) {
            throw new Malformed("Content-Length is not a number: " + value);
        }
    }

    void write(OutputStream out) throws IOException {
        StringBuilder text = new StringBuilder(startLine).append("\r\n");
        for (String[] header : headers) {
            text.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        out.write(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Copies a body framed by this head: chunked (framing kept), a length, or nothing. */
    void copyBody(InputStream in, OutputStream out) throws IOException {
        if (chunked()) {
            copyChunked(in, out);
        } else {
            long length = contentLength();
            if (length > 0) {
                copyExactly(in, out, length);
            }
        }
    }

    static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new Malformed("the body ended " + left + " bytes before its Content-Length");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new Malformed("a chunk size that is not hexadecimal: " + sizeLine);
            }
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return;
            }
            copyExactly(in, out, size);
            String end = readLine(in);
            if (!end.isEmpty()) {
                throw new Malformed("a chunk not followed by CRLF");
            }
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new Malformed("the connection closed inside a chunked body");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > 4096) {
                throw new Malformed("a chunk line longer than 4096 bytes");
            }
            line.append((char) b);
        }
    }

    String method() {
        int space = startLine.indexOf(' ');
        return space < 0 ? startLine : startLine.substring(0, space).toUpperCase(Locale.ROOT);
    }
}
