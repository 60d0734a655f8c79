package com.questportal.portal.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the shared layout shows on every page: the mode badge and the version in the footer. */
@ControllerAdvice
class LayoutModelAdvice {

    private final PortalMode mode;
    private final String version;

    LayoutModelAdvice(PortalProperties properties, ObjectProvider<BuildProperties> build) {
        this.mode = properties.mode();
        BuildProperties info = build.getIfAvailable();
        this.version = info == null ? "development build" : info.getVersion();
    }

    @ModelAttribute("portalMode")
    PortalMode portalMode() {
        return mode;
    }

    @ModelAttribute("portalVersion")
    String portalVersion() {
        return version;
    }
}
