package com.questportal.portal.environment;

import com.questportal.portal.api.ApiProblems;
import com.questportal.portal.api.ApiVersions;
import com.questportal.portal.aws.ConnectionCheck;
import com.questportal.portal.security.EnvironmentScope;
import com.questportal.portal.system.PortalProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Environments as JSON, for automation and for teams that keep them as code: the same rules, the
 * same editor and the same audit trail as the pages. Changes carry the version they were made
 * against in {@code If-Match}; a token limited to some environments sees and changes only those.
 */
@RestController
@RequestMapping("/api/v1/environments")
@Tag(name = "Environments")
@SecurityRequirement(name = "token")
class EnvironmentApiController {

    private final EnvironmentEditor editor;
    private final EnvironmentRules rules;
    private final SecretWords secretWords;
    private final EnvironmentAudit audit;
    private final ConnectionCheck connectionCheck;
    private final StackSummaries stacks;
    private final String mode;

    EnvironmentApiController(EnvironmentEditor editor, EnvironmentRules rules, SecretWords secretWords, EnvironmentAudit audit,
                             ConnectionCheck connectionCheck, StackSummaries stacks, PortalProperties properties) {
        this.connectionCheck = connectionCheck;
        this.stacks = stacks;
        this.editor = editor;
        this.rules = rules;
        this.secretWords = secretWords;
        this.audit = audit;
        this.mode = properties.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    @GetMapping
    @Operation(summary = "The environments this caller may see, by name; without their secret-word state (one SSM call each)")
    List<EnvironmentResource> list(Authentication caller) {
        var summaries = stacks.all();
        return editor.all().stream().filter(environment -> EnvironmentScope.permits(caller, environment.getName()))
                .map(environment -> EnvironmentResource.of(environment, mode, null, summaries.get(environment.getName()))).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One environment with its stack's status and outputs; its ETag is the version to send as If-Match when changing it")
    ResponseEntity<EnvironmentResource> get(@PathVariable String name, Authentication caller) {
        Environment environment = existing(name, caller);
        return ResponseEntity.ok().eTag(ApiVersions.etag(environment.getVersion()))
                .body(EnvironmentResource.of(environment, mode, secretWords.state(environment), stacks.of(name).orElse(null)));
    }

    @PostMapping
    @Operation(summary = "Records a new environment (201); 422 with field errors when a value is not valid, 409 when the name is taken")
    ResponseEntity<EnvironmentResource> create(@Valid @RequestBody EnvironmentForm form, BindingResult errors, Authentication caller,
                                               HttpServletRequest request) {
        rules.check(form, errors);
        String name = errors.hasFieldErrors("name") ? null : form.name().trim();
        if (errors.hasErrors()) {
            audit.invalid(request, caller.getName(), EnvironmentAudit.CREATE, name, errors);
            throw ApiProblems.invalid(errors);
        }
        EnvironmentScope.require(caller, name);
        try {
            Environment created = editor.create(form, caller.getName());
            audit.created(request, caller.getName(), created, form);
            return ResponseEntity.created(URI.create("/api/v1/environments/" + created.getName()))
                    .eTag(ApiVersions.etag(created.getVersion())).body(EnvironmentResource.of(created, mode, null, null));
        } catch (EnvironmentEditor.Refused refused) {
            audit.refused(request, caller.getName(), EnvironmentAudit.CREATE, name, refused.getMessage());
            throw problem(refused);
        }
    }

    @PutMapping("/{name}")
    @Operation(summary = "Changes an environment; If-Match must name the version read (412 when someone changed it since, 428 without)")
    ResponseEntity<EnvironmentResource> update(@PathVariable String name, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
                                               String ifMatch, @Valid @RequestBody EnvironmentForm form, BindingResult errors,
                                               Authentication caller, HttpServletRequest request) {
        Environment current = existing(name, caller);
        long version = ApiVersions.required(ifMatch);
        EnvironmentForm before = EnvironmentForm.of(current);
        rules.checkUpdate(name, form, errors);
        if (errors.hasErrors()) {
            audit.invalid(request, caller.getName(), EnvironmentAudit.UPDATE, name, errors);
            throw ApiProblems.invalid(errors);
        }
        try {
            Environment updated = editor.update(name, form.atVersion(version), caller.getName());
            audit.updated(request, caller.getName(), before, updated, form);
            return ResponseEntity.ok().eTag(ApiVersions.etag(updated.getVersion())).body(EnvironmentResource.of(updated, mode, null, stacks.of(name).orElse(null)));
        } catch (EnvironmentEditor.Refused refused) {
            audit.refused(request, caller.getName(), EnvironmentAudit.UPDATE, name, refused.getMessage());
            throw problem(refused);
        }
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Deletes the record and its secret word (204); with If-Match, only if still that version")
    ResponseEntity<Void> delete(@PathVariable String name, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                Authentication caller, HttpServletRequest request) {
        existing(name, caller);
        Long version = ApiVersions.optional(ifMatch);
        try {
            editor.delete(name, name, version);
            audit.deleted(request, caller.getName(), name);
            return ResponseEntity.noContent().build();
        } catch (EnvironmentEditor.Refused refused) {
            audit.refused(request, caller.getName(), EnvironmentAudit.DELETE, name, refused.getMessage());
            throw problem(refused);
        }
    }

    @PutMapping("/{name}/secret-word")
    @Operation(summary = "Replaces the secret word in SSM (204); it is never returned")
    ResponseEntity<Void> replaceSecretWord(@PathVariable String name, @Valid @RequestBody SecretWordRequest body, BindingResult errors,
                                           Authentication caller, HttpServletRequest request) {
        Environment environment = existing(name, caller);
        if (errors.hasErrors()) {
            audit.invalid(request, caller.getName(), EnvironmentAudit.SECRET_WORD, name, errors);
            throw ApiProblems.invalid(errors);
        }
        try {
            editor.replaceSecretWord(environment, body.secretWord());
            audit.secretWordSet(request, caller.getName(), environment);
            return ResponseEntity.noContent().build();
        } catch (EnvironmentEditor.Refused refused) {
            audit.refused(request, caller.getName(), EnvironmentAudit.SECRET_WORD, name, refused.getMessage());
            throw problem(refused);
        }
    }

    @PostMapping("/{name}/connection-check")
    @Operation(summary = "Tests the environment's AWS connection: the identity STS resolves and whether each service's describe call is allowed")
    ConnectionCheck.Report checkConnection(@PathVariable String name, Authentication caller) {
        Environment environment = existing(name, caller);
        return connectionCheck.check(environment.awsTarget(), environment.getStackName());
    }

    private Environment existing(String name, Authentication caller) {
        EnvironmentScope.require(caller, name);
        return editor.find(name).orElseThrow(() -> ApiProblems.notFound("There is no environment named " + name + "."));
    }

    private static ErrorResponseException problem(EnvironmentEditor.Refused refused) {
        ErrorResponseException problem = switch (refused.why) {
            case DUPLICATE -> ApiProblems.problem(HttpStatus.CONFLICT, "Name taken", refused.getMessage());
            case STALE -> ApiProblems.problem(HttpStatus.PRECONDITION_FAILED, "Changed since read", refused.getMessage()
                    + " (GET it again for the current ETag.)");
            case GONE -> ApiProblems.notFound(refused.getMessage());
            case STACK_EXISTS -> ApiProblems.problem(HttpStatus.CONFLICT, "Stack still exists", refused.getMessage());
            case AWS -> ApiProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, "AWS did not answer", refused.getMessage());
            case INVALID -> ApiProblems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", refused.getMessage());
        };
        if (refused.field != null) {
            problem.getBody().setProperty("errors", List.of(java.util.Map.of("field", refused.field, "message", refused.getMessage())));
        }
        return problem;
    }
}
