package com.questportal.portal.deployment;

import com.questportal.portal.api.ApiProblems;
import com.questportal.portal.provisioning.OperationBusy;
import com.questportal.portal.provisioning.Operations;
import com.questportal.portal.provisioning.ProvisioningProblems;
import com.questportal.portal.provisioning.ProvisioningRefused;
import com.questportal.portal.provisioning.StackOperation;
import com.questportal.portal.security.EnvironmentScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Deploys through the API, as a CI job after pushing an image: 202 with the deployment's URL to follow, 409, 422. */
@RestController
@Tag(name = "Deployments")
@SecurityRequirement(name = "token")
class DeploymentApiController {

    /** What to deploy. */
    record DeployRequest(String imageTag) {
    }

    /** A deployment as the API shows it; its stack events, failed tasks and service events are at {@code operation}. */
    record DeploymentView(long id, String environment, String kind, String status, String outcome, String outcomeSentence,
                          String fromTag, String toTag, String stackStatus, String startedBy, Instant startedAt, Instant finishedAt,
                          Long durationSeconds, String problem, String cancelRequestedBy, String operation) {

        static DeploymentView of(StackOperation deploy) {
            DeploymentOutcome outcome = DeploymentOutcome.of(deploy);
            return new DeploymentView(deploy.getId(), deploy.getEnvironmentName(), deploy.getType().name(), deploy.getStatus().name(),
                    outcome.name(), outcome.sentence(deploy), deploy.getImageTagFrom(), deploy.getImageTagTo(), deploy.getStackStatus(),
                    deploy.getStartedBy(), deploy.getStartedAt(), deploy.getFinishedAt(), DeploymentHistory.durationSeconds(deploy),
                    deploy.getProblem(), deploy.getCancelRequestedBy(), "/api/v1/operations/" + deploy.getId());
        }
    }

    /** An image of the environment's repository. */
    record ImageView(List<String> tags, String digest, Instant pushedAt, long sizeBytes) {
    }

    private final Deployments deployments;
    private final ImageCatalog images;
    private final Operations operations;

    DeploymentApiController(Deployments deployments, ImageCatalog images, Operations operations) {
        this.deployments = deployments;
        this.images = images;
        this.operations = operations;
    }

    @PostMapping("/api/v1/environments/{name}/deployments")
    @Operation(summary = "Deploys an image tag of the environment's repository: a change set of ImageTag alone, executed as one "
            + "operation; 202 with the deployment's URL to poll until SUCCEEDED or FAILED; 422 for a tag ECR does not have (nothing is "
            + "changed), 409 while another operation runs or when the stack runs that tag already")
    ResponseEntity<DeploymentView> deploy(@PathVariable String name, @RequestBody DeployRequest body, Authentication caller,
                                          HttpServletRequest request) {
        return started(name, caller, () -> deployments.deploy(name, body == null ? null : body.imageTag(), caller.getName(), request));
    }

    @PostMapping("/api/v1/environments/{name}/deployments/rollback")
    @Operation(summary = "Rolls back to the tag the newest deploy that succeeded replaced, by the same rolling deploy, recorded as a "
            + "rollback; 202 with its URL; 409 when no deploy has succeeded yet or another operation runs; 422 when that tag is gone")
    ResponseEntity<DeploymentView> rollBack(@PathVariable String name, Authentication caller, HttpServletRequest request) {
        return started(name, caller, () -> deployments.rollBack(name, caller.getName(), request));
    }

    @PostMapping("/api/v1/environments/{name}/deployments/redeploy")
    @Operation(summary = "Starts new tasks of the tag the stack runs (an ECS deployment of the same task definition, e.g. after the "
            + "secret word changed), recorded as a redeploy; 202 with its URL; 409 while another operation runs")
    ResponseEntity<DeploymentView> redeploy(@PathVariable String name, Authentication caller, HttpServletRequest request) {
        return started(name, caller, () -> deployments.redeploy(name, caller.getName(), request));
    }

    @PostMapping("/api/v1/environments/{name}/deployments/{id}/cancel")
    @Operation(summary = "Cancels a running deploy or rollback: CloudFormation stops the update and rolls the stack back to the tag "
            + "before; 202 with the deployment's URL, whose outcome ends CANCELLED; 409 for a redeploy, a deployment that has ended, "
            + "or one CloudFormation cannot cancel yet")
    ResponseEntity<DeploymentView> cancel(@PathVariable String name, @PathVariable long id, Authentication caller,
                                          HttpServletRequest request) {
        return started(name, caller, () -> deployments.cancel(name, id, caller.getName(), request));
    }

    @GetMapping("/api/v1/environments/{name}/deployments")
    @Operation(summary = "The environment's deploys and rollbacks, newest first: who, when, from and to which tag, how long, how it "
            + "ended and why; page from 0, size up to 100")
    List<DeploymentView> history(@PathVariable String name, @RequestParam(defaultValue = "0") int page,
                                 @RequestParam(defaultValue = "20") int size, Authentication caller) {
        EnvironmentScope.require(caller, name);
        try {
            deployments.environment(name);
        } catch (ProvisioningRefused refused) {
            throw ProvisioningProblems.of(refused);
        }
        return operations.deploys(name, DeploymentHistory.page(page, size)).map(DeploymentView::of).getContent();
    }

    @GetMapping("/api/v1/environments/{name}/deployments/{id}")
    @Operation(summary = "A deployment: status RUNNING, SUCCEEDED or FAILED (with why), and its outcome in words — SUCCEEDED, "
            + "CIRCUIT_BREAKER (ECS went back to the tasks before), ROLLED_BACK (by CloudFormation), CANCELLED, FAILED or IN_PROGRESS; "
            + "from and to which tag")
    DeploymentView deployment(@PathVariable String name, @PathVariable long id, Authentication caller) {
        EnvironmentScope.require(caller, name);
        return deployments.find(name, id).map(DeploymentView::of).orElseThrow(() -> ApiProblems.notFound("There is no deployment " + id + " of " + name + "."));
    }

    /** 202 with the deployment's URL, or the refusal as a problem document. */
    private static ResponseEntity<DeploymentView> started(String name, Authentication caller, Supplier<StackOperation> start) {
        EnvironmentScope.require(caller, name);
        try {
            StackOperation deploy = start.get();
            return ResponseEntity.accepted().location(URI.create("/api/v1/environments/" + name + "/deployments/" + deploy.getId()))
                    .body(DeploymentView.of(deploy));
        } catch (ProvisioningRefused refused) {
            throw ProvisioningProblems.of(refused);
        } catch (OperationBusy busy) {
            throw ProvisioningProblems.of(busy);
        }
    }

    @GetMapping("/api/v1/environments/{name}/images")
    @Operation(summary = "The images of the environment's repository in ECR, newest push first: tags, digest, pushed at, size")
    List<ImageView> images(@PathVariable String name, Authentication caller) {
        EnvironmentScope.require(caller, name);
        try {
            return images.images(deployments.environment(name)).stream()
                    .map(image -> new ImageView(image.tags(), image.digest(), image.pushedAt(), image.sizeBytes())).toList();
        } catch (ProvisioningRefused refused) {
            throw ProvisioningProblems.of(refused);
        }
    }
}
