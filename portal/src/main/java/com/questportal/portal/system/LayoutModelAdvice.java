package com.questportal.portal.system;

import com.questportal.sandbox.Sandbox;
import java.security.Principal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the shared layout shows on every page: the mode badge and the version in the footer. */
@ControllerAdvice
class LayoutModelAdvice {

    private final PortalMode mode;
    private final java.net.URI external;
    private final String version;
    private final ObjectProvider<Sandbox> sandbox;

    LayoutModelAdvice(PortalProperties properties, ObjectProvider<BuildProperties> build, ObjectProvider<Sandbox> sandbox) {
        this.mode = properties.mode();
        this.external = properties.sandbox().endpoint();
        this.sandbox = sandbox;
        BuildProperties info = build.getIfAvailable();
        this.version = info == null ? "development build" : info.getVersion();
    }

    @ModelAttribute("portalMode")
    PortalMode portalMode() {
        return mode;
    }

    @ModelAttribute("sandboxEndpoint")
    String sandboxEndpoint() {
        if (external != null) {
            return external.toString();
        }
        Sandbox running = sandbox.getIfAvailable();
        return running == null ? null : running.endpoint().toString();
    }

    /** Who is signed in, for the header; null on the sign-in page. */
    @ModelAttribute("signedInAs")
    String signedInAs(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    /** Whether the signed-in person may change environments: pages show those actions to admins only. */
    @ModelAttribute("admin")
    boolean admin(Authentication authentication) {
        return SignedIn.isAdmin(authentication);
    }

    /** Whether the signed-in person may act on environments (deploy, test connections): operators and admins. */
    @ModelAttribute("operator")
    boolean operator(Authentication authentication) {
        return SignedIn.isOperator(authentication);
    }

    @ModelAttribute("portalVersion")
    String portalVersion() {
        return version;
    }
}
