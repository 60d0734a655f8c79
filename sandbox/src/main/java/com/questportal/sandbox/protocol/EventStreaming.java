package com.questportal.sandbox.protocol;

import com.questportal.sandbox.state.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.SdkPojo;

/**
 * An operation whose answer is an event stream ({@code application/vnd.amazon.eventstream}), such as CloudWatch Logs'
 * StartLiveTail: the handler checks the request and reserves what the stream needs — refusing as any operation does, with a
 * JSON error — then returns the stream, which the endpoint writes on a thread of its own until it ends.
 *
 * @param name the operation, as in {@code X-Amz-Target}
 * @param requestBuilder a fresh builder of the SDK request type
 * @param handler the logic: takes the built request, returns the stream to write
 */
public record EventStreaming<I extends SdkPojo>(String name, Supplier<? extends SdkPojo> requestBuilder,
                                                BiFunction<I, CallContext, EventStreaming.Stream> handler) {

    /** The events of one answer, written as they come; {@link #writeTo} returns when the stream ends. */
    public interface Stream {
        void writeTo(Writer out) throws IOException;

        /** Called once the stream ended, however it ended. */
        void ended();
    }

    public static <I extends SdkPojo> EventStreaming<I> of(String name, Supplier<? extends SdkPojo> requestBuilder,
                                                           BiFunction<I, CallContext, Stream> handler) {
        return new EventStreaming<>(name, requestBuilder, handler);
    }

    @SuppressWarnings("unchecked")
    Stream open(SdkPojo request, CallContext context) {
        return handler.apply((I) request, context);
    }

    /** Writes messages in AWS's event stream framing: prelude, string headers, payload, each part with its CRC32. */
    public static final class Writer {

        private static final byte STRING = 7;
        private final OutputStream out;

        Writer(OutputStream out) {
            this.out = out;
        }

        /** An event of the stream's union: {@code :event-type} names the member, the payload is its JSON. */
        public void event(String type, SdkPojo payload) throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(":message-type", "event");
            headers.put(":event-type", type);
            headers.put(":content-type", "application/json");
            write(headers, JsonCodec.write(payload));
        }

        /** The JSON protocols' first message, the operation's own (here empty) output. */
        public void initialResponse() throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(":message-type", "event");
            headers.put(":event-type", "initial-response");
            headers.put(":content-type", "application/json");
            write(headers, "{}".getBytes(StandardCharsets.UTF_8));
        }

        /** A modelled exception that ends the stream, e.g. SessionTimeoutException. */
        public void exception(String type, String message) throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(":message-type", "exception");
            headers.put(":exception-type", type);
            headers.put(":content-type", "application/json");
            write(headers, JsonValues.write(Map.of("message", message)));
        }

        private void write(Map<String, String> headers, byte[] payload) throws IOException {
            ByteArrayOutputStream encodedHeaders = new ByteArrayOutputStream();
            for (Map.Entry<String, String> header : headers.entrySet()) {
                byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
                encodedHeaders.write(name.length);
                encodedHeaders.write(name);
                encodedHeaders.write(STRING);
                encodedHeaders.write(value.length >> 8);
                encodedHeaders.write(value.length & 0xff);
                encodedHeaders.write(value);
            }
            byte[] headerBytes = encodedHeaders.toByteArray();
            int total = 12 + headerBytes.length + payload.length + 4;
            ByteBuffer message = ByteBuffer.allocate(total);
            message.putInt(total).putInt(headerBytes.length);
            message.putInt(crc(message.array(), 0, 8));
            message.put(headerBytes).put(payload);
            message.putInt(crc(message.array(), 0, total - 4));
            out.write(message.array());
            out.flush();
        }

        private static int crc(byte[] bytes, int from, int length) {
            CRC32 crc = new CRC32();
            crc.update(bytes, from, length);
            return (int) crc.getValue();
        }
    }
}
