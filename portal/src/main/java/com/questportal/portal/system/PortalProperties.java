package com.questportal.portal.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The portal's own settings.
 *
 * @param mode where AWS calls go: {@code sandbox} (the default) or {@code aws}, which must be chosen explicitly
 * @param dataDir the directory that holds the embedded database and the portal's other files
 * @param sandbox the built-in sandbox, started in-process in sandbox mode
 */
@ConfigurationProperties("portal")
public record PortalProperties(
        @DefaultValue("sandbox") PortalMode mode, @DefaultValue("./data") Path dataDir, @DefaultValue SandboxSettings sandbox) {

    /**
     * The in-process sandbox.
     *
     * @param port the loopback port of its AWS endpoint; 0 picks a free one
     */
    public record SandboxSettings(@DefaultValue("4566") int port) {
    }
}
