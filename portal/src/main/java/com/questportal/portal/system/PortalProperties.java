package com.questportal.portal.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The portal's own settings.
 *
 * @param mode where AWS calls go: {@code sandbox} (the default) or {@code aws}, which must be chosen explicitly
 * @param dataDir the directory that holds the embedded database and the portal's other files
 */
@ConfigurationProperties("portal")
public record PortalProperties(@DefaultValue("sandbox") PortalMode mode, @DefaultValue("./data") Path dataDir) {
}
