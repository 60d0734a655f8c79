package com.questportal.portal.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The description of the JSON API that springdoc serves at /v3/api-docs and browses at /api-docs. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI portalApi(ObjectProvider<BuildProperties> build) {
        BuildProperties info = build.getIfAvailable();
        return new OpenAPI()
                .info(new Info().title("Quest Portal API").version(info == null ? "development build" : info.getVersion())
                        .description("""
                                Environments as JSON, with the same rules, permissions and audit trail as the portal's pages.
                                Authenticate with an API token issued on the portal's API tokens page: \
                                `Authorization: Bearer <token>`. Errors are RFC 9457 problem documents; a 422 lists each \
                                invalid field. Changes need `If-Match` with the ETag from GET."""))
                .components(new Components().addSecuritySchemes("token",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("An API token, qpt_…")));
    }
}
