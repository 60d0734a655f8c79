package com.questportal.sandbox.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;

/**
 * Smithy RPC v2 CBOR documents (RFC 8949), for any SDK model type: what CloudWatch's SDK client sends
 * and expects. Timestamps are tag 1 around epoch seconds, blobs are byte strings, structures are maps
 * keyed by member name; members are found by {@code sdkFields()} as for JSON.
 */
public final class CborCodec {

    /** RFC 8949 section 3.4.2: epoch-based date/time. */
    private static final int EPOCH_SECONDS_TAG = 1;
    private static final CBORFactory FACTORY = CBORFactory.builder().build();
    private static final JsonNodeParser PARSER = JsonNodeParser.builder().jsonFactory(FACTORY).build();

    private CborCodec() {
    }

    public static SdkPojo read(byte[] body, Supplier<? extends SdkPojo> builder) {
        if (body.length == 0) {
            return JsonCodec.readObject(JsonNodeParser.create().parse("{}"), builder.get());
        }
        JsonNode root;
        try {
            root = PARSER.parse(body);
        } catch (RuntimeException e) {
            throw JsonCodec.serialization("The request body is not a valid CBOR document.");
        }
        if (!root.isObject()) {
            throw JsonCodec.serialization("The request body must be a CBOR map.");
        }
        return JsonCodec.readObject(root, builder.get());
    }

    public static byte[] write(SdkPojo pojo) {
        return document(generator -> ModelWriter.writeObject(new CborSink(generator), pojo));
    }

    /** RPC v2's error document: the error's model shape in {@code __type}, and its message. */
    public static byte[] error(AwsServiceException error) {
        return document(generator -> {
            CborSink sink = new CborSink(generator);
            sink.startObject();
            sink.fieldName("__type");
            sink.value(error.shape());
            sink.fieldName("message");
            sink.value(error.getMessage());
            sink.endObject();
        });
    }

    private interface Body {
        void writeTo(CBORGenerator generator) throws IOException;
    }

    private static byte[] document(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (CBORGenerator generator = (CBORGenerator) FACTORY.createGenerator(out)) {
            body.writeTo(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private record CborSink(CBORGenerator generator) implements ModelWriter.Sink {

        private interface Write {
            void run() throws IOException;
        }

        private static void io(Write write) {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void startObject() {
            io(generator::writeStartObject);
        }

        public void fieldName(String name) {
            io(() -> generator.writeFieldName(name));
        }

        public void endObject() {
            io(generator::writeEndObject);
        }

        public void startArray(int size) {
            io(() -> generator.writeStartArray(null, size));
        }

        public void endArray() {
            io(generator::writeEndArray);
        }

        public void nullValue() {
            io(generator::writeNull);
        }

        public void value(String text) {
            io(() -> generator.writeString(text));
        }

        public void value(boolean flag) {
            io(() -> generator.writeBoolean(flag));
        }

        public void value(long number) {
            io(() -> generator.writeNumber(number));
        }

        public void value(double number) {
            io(() -> generator.writeNumber(number));
        }

        public void value(BigDecimal number) {
            io(() -> generator.writeNumber(number));
        }

        public void value(Instant instant) {
            io(() -> {
                generator.writeTag(EPOCH_SECONDS_TAG);
                generator.writeNumber(instant.toEpochMilli() / 1000d);
            });
        }

        public void value(byte[] bytes) {
            io(() -> generator.writeBinary(bytes));
        }
    }
}
