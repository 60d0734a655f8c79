package com.questportal.portal.security;

import com.questportal.portal.audit.AuditEvent.Outcome;
import com.questportal.portal.audit.AuditTrail;
import com.questportal.portal.system.PortalProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On the first start, with nobody to sign in, makes an {@code admin} with a random password, as
 * Jenkins and Argo CD do: printed once to the log and written to a file only its owner can read in
 * the data directory; the first sign-in must change it. An unattended set-up may instead give the
 * password, and an admin API token, in {@code portal.bootstrap.*}, as Grafana and GitLab allow.
 */
@Component
class FirstAdmin implements ApplicationRunner {

    static final String PASSWORD_FILE = "initial-admin-password";
    private static final String BY_SETTING = "portal.bootstrap";
    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final PortalUserRepository users;
    private final PasswordEncoder encoder;
    private final PortalProperties properties;
    private final ApiTokens apiTokens;
    private final AuditTrail audit;

    FirstAdmin(PortalUserRepository users, PasswordEncoder encoder, PortalProperties properties, ApiTokens apiTokens, AuditTrail audit) {
        this.users = users;
        this.encoder = encoder;
        this.properties = properties;
        this.apiTokens = apiTokens;
        this.audit = audit;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments arguments) {
        if (users.count() > 0) {
            return;
        }
        PortalProperties.Bootstrap bootstrap = properties.bootstrap();
        String chosenPassword = blankToNull(bootstrap.adminPassword());
        String chosenToken = blankToNull(bootstrap.apiToken());
        if (chosenPassword != null && chosenPassword.length() < PasswordChangeController.MIN_LENGTH) {
            throw new IllegalStateException("portal.bootstrap.admin-password must be at least " + PasswordChangeController.MIN_LENGTH
                    + " characters");
        }
        if (chosenPassword != null && !PasswordChangeController.fitsBcrypt(chosenPassword)) {
            throw new IllegalStateException("portal.bootstrap.admin-password must be at most " + PasswordChangeController.MAX_BYTES
                    + " bytes (bcrypt reads no further)");
        }
        if (chosenToken != null && chosenToken.length() < ApiTokens.MIN_CHOSEN_LENGTH) {
            throw new IllegalStateException("portal.bootstrap.api-token must be at least " + ApiTokens.MIN_CHOSEN_LENGTH + " characters");
        }
        Instant now = Clock.systemUTC().instant();
        if (chosenToken != null) {
            apiTokens.adopt("bootstrap", chosenToken, Role.ADMIN, BY_SETTING);
            audit.record("local", BY_SETTING, "token.create", null, Outcome.SUCCEEDED, "'bootstrap' ADMIN on all environments, never expires");
            log.warn("Made the admin API token 'bootstrap' from portal.bootstrap.api-token; revoke it on the API tokens page when done.");
        }
        if (chosenPassword != null) {
            users.save(new PortalUser("admin", encoder.encode(chosenPassword), Role.ADMIN, false, now));
            audit.record("local", BY_SETTING, "user.create", null, Outcome.SUCCEEDED, "admin as ADMIN, password from the setting");
            log.warn("Made the user 'admin' with the password given by portal.bootstrap.admin-password.");
            return;
        }
        String password = OneTimePasswords.generate();
        users.save(new PortalUser("admin", encoder.encode(password), Role.ADMIN, true, now));
        Path file = properties.dataDir().resolve(PASSWORD_FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions protect it.
            }
            Files.writeString(file, password + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first admin's password to " + file, e);
        }
        log.warn("""

                ************************************************************
                No one could sign in yet, so the portal made the user 'admin'.
                Its password (also in {}, readable by this account only):

                    {}

                Sign in with it once; the portal then asks for a new password.
                ************************************************************""", file.toAbsolutePath(), password);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
