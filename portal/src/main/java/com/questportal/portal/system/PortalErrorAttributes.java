package com.questportal.portal.system;

import java.util.Map;
import org.springframework.beans.TypeMismatchException;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * The error page's attributes, plus {@code detail} when the portal can say in words what was wrong
 * with the request. Exception messages in general stay off the page ({@code server.error.include-message=never}).
 */
@Component
class PortalErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, options);
        if (getError(request) instanceof TypeMismatchException mismatch) {
            attributes.put("detail", InvalidValues.describe(mismatch));
        }
        return attributes;
    }
}
