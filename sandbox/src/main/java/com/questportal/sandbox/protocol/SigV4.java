package com.questportal.sandbox.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 {@code Authorization} header the way AWS does: the same
 * canonical request, string to sign and signing key, compared in constant time.
 */
final class SigV4 {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration ALLOWED_SKEW = Duration.ofMinutes(15);

    /** What the header claims: who signed, for which day, region and service, over which headers. */
    record Claim(String accessKeyId, String date, String region, String service, List<String> signedHeaders, String signature) {

        String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    /** The parts of a request that the signature covers. */
    record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }
    }

    private SigV4() {
    }

    /** Reads the {@code Authorization} header; null when it is not a SigV4 header at all. */
    static Claim parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher matcher = AUTHORIZATION.matcher(authorization.trim());
        if (!matcher.matches()) {
            return null;
        }
        return new Claim(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4),
                Arrays.asList(matcher.group(5).split(";")), matcher.group(6));
    }

    /** The request time from {@code X-Amz-Date}, or null when it is missing or malformed. */
    static Instant requestTime(SignedRequest request) {
        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null) {
            return null;
        }
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static boolean isWithinSkew(Instant requestTime, Instant now) {
        return Duration.between(requestTime, now).abs().compareTo(ALLOWED_SKEW) <= 0;
    }

    /**
     * Whether the signature is right for this request and secret. A declared payload hash
     * ({@code X-Amz-Content-Sha256}) must also be the body's real hash, or the body could be
     * swapped under a valid signature.
     */
    static boolean matches(Claim claim, String secretAccessKey, SignedRequest request) {
        String declaredHash = request.header("X-Amz-Content-Sha256");
        if (declaredHash != null && !declaredHash.equalsIgnoreCase(hex(sha256(request.body())))) {
            return false;
        }
        String amzDate = request.header("X-Amz-Date");
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + claim.scope() + "\n"
                + hex(sha256(canonicalRequest(claim, request).getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), claim.date());
        key = hmac(key, claim.region());
        key = hmac(key, claim.service());
        key = hmac(key, "aws4_request");
        byte[] expected = hex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, claim.signature().getBytes(StandardCharsets.US_ASCII));
    }

    static String canonicalRequest(Claim claim, SignedRequest request) {
        StringBuilder canonical = new StringBuilder(512)
                .append(request.method()).append('\n')
                .append(canonicalUri(request.rawPath())).append('\n')
                .append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : claim.signedHeaders()) {
            List<String> values = new ArrayList<>();
            request.headers().forEach((header, headerValues) -> {
                if (header.equalsIgnoreCase(name)) {
                    headerValues.forEach(value -> values.add(value.trim().replaceAll("\\s+", " ")));
                }
            });
            canonical.append(name).append(':').append(String.join(",", values)).append('\n');
        }
        canonical.append('\n').append(String.join(";", claim.signedHeaders())).append('\n');
        String payloadHash = request.header("X-Amz-Content-Sha256");
        return canonical.append(payloadHash != null ? payloadHash : hex(sha256(request.body()))).toString();
    }

    private static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder uri = new StringBuilder();
        for (String segment : rawPath.split("/", -1)) {
            if (uri.length() > 0 || rawPath.startsWith("/")) {
                uri.append('/');
            }
            uri.append(encode(segment));
        }
        return uri.substring(rawPath.startsWith("/") ? 1 : 0);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            sorted.computeIfAbsent(encode(name), n -> new ArrayList<>()).add(encode(value));
        }
        List<String> parts = new ArrayList<>();
        sorted.forEach((name, values) -> values.stream().sorted().forEach(value -> parts.add(name + "=" + value)));
        return String.join("&", parts);
    }

    /** RFC 3986 percent-encoding, leaving only the unreserved characters as they are. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
