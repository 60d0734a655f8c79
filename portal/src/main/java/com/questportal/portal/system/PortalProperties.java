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
 * @param bootstrap what an unattended first start sets up
 */
@ConfigurationProperties("portal")
public record PortalProperties(
        @DefaultValue("sandbox") PortalMode mode, @DefaultValue("./data") Path dataDir, @DefaultValue SandboxSettings sandbox,
        @DefaultValue Bootstrap bootstrap) {

    /**
     * Settings for unattended set-ups, read on the first start only (when nobody can sign in yet).
     *
     * @param adminPassword the first admin's password instead of a random one (at least 12 characters)
     * @param apiToken the value of an admin API token to create, for automation (at least 32 characters)
     */
    public record Bootstrap(String adminPassword, String apiToken) {

        @Override
        public String toString() {
            return "Bootstrap[adminPassword=" + (adminPassword == null ? "unset" : "(hidden)") + ", apiToken="
                    + (apiToken == null ? "unset" : "(hidden)") + "]";
        }
    }

    /**
     * The sandbox: in-process by default, or one already running elsewhere.
     *
     * @param port the loopback port of the in-process sandbox's AWS endpoint; 0 picks a free one
     * @param endpoint a sandbox (or another AWS emulator) already running, e.g. {@code http://127.0.0.1:4566}; when set,
     *                 the portal starts none of its own and calls this one with its default key ({@code test}/{@code test})
     * @param scalingPeriod how long one datapoint of the in-process sandbox's auto scaling lasts: AWS's minute by default
     */
    public record SandboxSettings(@DefaultValue("4566") int port, java.net.URI endpoint,
                                  @DefaultValue("PT1M") java.time.Duration scalingPeriod) {
    }
}
