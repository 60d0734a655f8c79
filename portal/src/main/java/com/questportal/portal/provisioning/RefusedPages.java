package com.questportal.portal.provisioning;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;

/** The page a refused plan, apply, deploy or destroy answers with: why, in words, with the status code that says what kind. */
public final class RefusedPages {

    private RefusedPages() {
    }

    public static String refused(String name, ProvisioningRefused refused, Model model, HttpServletResponse response) {
        response.setStatus(switch (refused.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST.value();
            case NOT_FOUND -> HttpStatus.NOT_FOUND.value();
            case CONFLICT -> HttpStatus.CONFLICT.value();
            case AWS -> HttpStatus.SERVICE_UNAVAILABLE.value();
        });
        model.addAttribute("name", name);
        model.addAttribute("problem", refused.getMessage());
        return "provisioning/refused";
    }

    /** Another operation holds the environment: a link to watch it. */
    public static String busy(String name, OperationBusy busy, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.CONFLICT.value());
        model.addAttribute("name", name);
        model.addAttribute("problem", busy.getMessage());
        model.addAttribute("running", busy.running());
        return "provisioning/refused";
    }
}
