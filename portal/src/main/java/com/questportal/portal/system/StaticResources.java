package com.questportal.portal.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The portal's static files under their own paths — {@code /css/**}, {@code /js/**}, {@code /webjars/**}, {@code /favicon.svg} — rather than
 * Boot's catch-all {@code /**}. Every link a page renders ({@code @{/environments}} too) is offered to the resource
 * handlers to be versioned; under {@code /**} each such link was looked up as a file in every nested jar of the
 * application, on every render, uncached because it is not found: profiled, most of a page's CPU time. Here a link that
 * is not a static file matches no handler and costs nothing, and the files that are resolve once and are cached.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/").resourceChain(true);
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/").resourceChain(true);
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/").resourceChain(true)
                .addResolver(new LiteWebJarsResourceResolver());
        registry.addResourceHandler("/favicon.svg").addResourceLocations("classpath:/static/").resourceChain(true);
    }
}
