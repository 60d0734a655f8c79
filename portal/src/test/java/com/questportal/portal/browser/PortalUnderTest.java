package com.questportal.portal.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Gives each full-context test its own fresh data directory, so no test sees another's database. */
public final class PortalUnderTest {

    private PortalUnderTest() {
    }

    public static void freshDataDirectory(DynamicPropertyRegistry registry) {
        try {
            Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "portal-data-");
            registry.add("portal.data-dir", dataDir::toString);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a data directory under target/", e);
        }
    }
}
