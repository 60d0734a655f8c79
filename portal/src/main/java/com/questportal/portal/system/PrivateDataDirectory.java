package com.questportal.portal.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The data directory holds the embedded database (password hashes, token hashes, the audit trail) and the first
 * admin's password: it is made readable by its owner only before the database opens it, and the database's files
 * are made so once it has written them. On a file system without POSIX permissions this does nothing.
 */
@Component
class PrivateDataDirectory implements BeanPostProcessor {

    private final Path directory;

    PrivateDataDirectory(Environment environment) {
        this.directory = Path.of(environment.getProperty("portal.data-dir", "./data"));
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource && posix()) {
            try {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the data directory " + directory + " private", e);
            }
        }
        return bean;
    }

    @EventListener(ApplicationReadyEvent.class)
    void databaseFilesOwnerOnly() throws IOException {
        if (!posix() || !Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".db")).toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
