package com.questportal.portal.security;

import com.questportal.portal.system.PortalProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
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
 * the data directory; the first sign-in must change it.
 */
@Component
class FirstAdmin implements ApplicationRunner {

    static final String PASSWORD_FILE = "initial-admin-password";
    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final PortalUserRepository users;
    private final PasswordEncoder encoder;
    private final PortalProperties properties;

    FirstAdmin(PortalUserRepository users, PasswordEncoder encoder, PortalProperties properties) {
        this.users = users;
        this.encoder = encoder;
        this.properties = properties;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments arguments) {
        if (users.count() > 0) {
            return;
        }
        String password = OneTimePasswords.generate();
        users.save(new PortalUser("admin", encoder.encode(password), Role.ADMIN, true, Clock.systemUTC().instant()));
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
}
