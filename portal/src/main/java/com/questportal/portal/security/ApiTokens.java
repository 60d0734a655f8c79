package com.questportal.portal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, checks and revokes API tokens. A token is shown once, when it is issued; the portal keeps
 * its SHA-256 hash. Its last-used time moves at most once a minute, so that a busy script does not
 * write to the database on every call.
 */
@Service
public class ApiTokens {

    /** A token just issued: the only moment its value exists outside the caller's hands. */
    public record Issued(ApiToken token, String value) {
    }

    static final String PREFIX = "qpt_";
    /** Bootstrap tokens are chosen by people; below this length a fast hash would not protect them. */
    static final int MIN_CHOSEN_LENGTH = 32;
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final Clock clock = Clock.systemUTC();

    ApiTokens(ApiTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Transactional
    public Issued issue(String name, Role permission, List<String> environments, Instant expiresAt, String by) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Issued(save(name, value, value.substring(0, PREFIX.length() + 4), permission, environments, expiresAt, by), value);
    }

    /** A token whose value someone chose (the bootstrap setting): kept exactly as given, hashed like any other. */
    @Transactional
    ApiToken adopt(String name, String value, Role permission, String by) {
        if (value.length() < MIN_CHOSEN_LENGTH) {
            throw new IllegalArgumentException("an API token must be at least " + MIN_CHOSEN_LENGTH + " characters");
        }
        return save(name, value, value.substring(0, 4), permission, null, null, by);
    }

    private ApiToken save(String name, String value, String hint, Role permission, List<String> environments, Instant expiresAt,
                          String by) {
        return tokens.save(new ApiToken(name, hash(value), hint, permission, environments, by, clock.instant(), expiresAt));
    }

    /** The token a request presented, when it is known, not revoked and not expired. */
    @Transactional
    public Optional<ApiToken> authenticate(String presented) {
        Instant now = clock.instant();
        Optional<ApiToken> token = tokens.findByTokenHash(hash(presented)).filter(found -> found.isUsableAt(now));
        token.filter(found -> found.getLastUsedAt() == null || found.getLastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now))
                .ifPresent(found -> tokens.touch(found.getId(), now));
        return token;
    }

    @Transactional(readOnly = true)
    public List<ApiToken> all() {
        return tokens.findAllByOrderByCreatedAtDesc();
    }

    /** Revokes the token; returns it, or empty when there is no such token or it was revoked already. */
    @Transactional
    public Optional<ApiToken> revoke(long id, String by) {
        return tokens.findById(id).filter(token -> token.getRevokedAt() == null).map(token -> {
            token.revoke(by, clock.instant());
            return token;
        });
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
