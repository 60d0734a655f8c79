package com.questportal.portal.deployment;

import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.provisioning.OperationBusy;
import com.questportal.portal.provisioning.Operations;
import com.questportal.portal.provisioning.ProvisioningRefused;
import com.questportal.portal.provisioning.RefusedPages;
import com.questportal.portal.provisioning.StackOperation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Deploying from the environment page: the repository's images (a panel the page loads), a confirm step that shows the tag
 * and digest now and after, then the deploy, whose operation page shows the rollout. Operators and admins deploy.
 */
@Controller
@RequestMapping("/environments/{name}")
class DeploymentController {

    /** An image as the panel lists it: which environments record one of its tags. */
    record ImageRow(ImageCatalog.Image image, List<String> recordedOn, boolean current) {
    }

    /** How many deploys a page of the history shows. */
    static final int HISTORY_PAGE = 10;

    private final Deployments deployments;
    private final ImageCatalog images;
    private final EnvironmentDirectory environments;
    private final Operations operations;

    DeploymentController(Deployments deployments, ImageCatalog images, EnvironmentDirectory environments, Operations operations) {
        this.deployments = deployments;
        this.images = images;
        this.environments = environments;
        this.operations = operations;
    }

    @GetMapping("/images")
    String images(@PathVariable String name, Model model, HttpServletResponse response) {
        Environment environment;
        try {
            environment = deployments.environment(name);
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        }
        model.addAttribute("name", name);
        model.addAttribute("repository", environment.getImageRepository());
        try {
            Map<String, List<String>> recorded = recordedTags(environment.getImageRepository());
            List<ImageRow> rows = new ArrayList<>();
            for (ImageCatalog.Image image : images.images(environment)) {
                List<String> on = image.tags().stream().flatMap(tag -> recorded.getOrDefault(tag, List.of()).stream()).distinct().toList();
                rows.add(new ImageRow(image, on, image.tags().contains(environment.getImageTag())));
            }
            model.addAttribute("rows", rows);
        } catch (ProvisioningRefused refused) {
            model.addAttribute("problem", refused.getMessage());
        }
        return "deployment/images";
    }

    @GetMapping("/deploy")
    String confirm(@PathVariable String name, @RequestParam(defaultValue = "") String tag, Model model, HttpServletResponse response) {
        try {
            Environment environment = deployments.environment(name);
            return confirmPage(environment, environment.getImageTag(), tag.trim(), false, model);
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        }
    }

    @GetMapping("/rollback")
    String confirmRollback(@PathVariable String name, Model model, HttpServletResponse response) {
        try {
            Environment environment = deployments.environment(name);
            String target = deployments.rollbackTarget(name).orElseThrow(() -> new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT,
                    "No deploy of " + name + " has succeeded yet: there is nothing to roll back to."));
            return confirmPage(environment, environment.getImageTag(), target, true, model);
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        }
    }

    @GetMapping("/redeploy")
    String confirmRedeploy(@PathVariable String name, Model model, HttpServletResponse response) {
        try {
            Environment environment = deployments.environment(name);
            confirmPage(environment, environment.getImageTag(), environment.getImageTag(), false, model);
            model.addAttribute("redeploy", true);
            model.addAttribute("verb", "Redeploy");
            model.addAttribute("formAction", "/environments/" + name + "/deployments/redeploy");
            return "deployment/confirm";
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        }
    }

    @PostMapping("/deployments/redeploy")
    String redeploy(@PathVariable String name, Principal principal, Model model, HttpServletRequest request, HttpServletResponse response) {
        return started(name, model, response, () -> deployments.redeploy(name, principal.getName(), request));
    }

    private String confirmPage(Environment environment, String fromTag, String tag, boolean rollback, Model model) {
        ImageCatalog.Image next = images.find(environment, tag).orElseThrow(() -> new ProvisioningRefused(ProvisioningRefused.Kind.INVALID,
                "The repository " + environment.getImageRepository() + " has no image tagged " + tag + ": publish it first."));
        model.addAttribute("name", environment.getName());
        model.addAttribute("tag", tag);
        model.addAttribute("fromTag", fromTag);
        model.addAttribute("next", next);
        model.addAttribute("now", images.find(environment, fromTag).orElse(null));
        model.addAttribute("rollback", rollback);
        model.addAttribute("redeploy", false);
        model.addAttribute("verb", rollback ? "Roll back to" : "Deploy");
        model.addAttribute("formAction", "/environments/" + environment.getName() + (rollback ? "/deployments/rollback" : "/deployments"));
        return "deployment/confirm";
    }

    @GetMapping("/deployments")
    String history(@PathVariable String name, @RequestParam(defaultValue = "0") int page, Model model, HttpServletResponse response) {
        try {
            deployments.environment(name);
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        }
        Page<StackOperation> deploys = operations.deploys(name, DeploymentHistory.page(page, HISTORY_PAGE));
        Map<Long, String> durations = new LinkedHashMap<>();
        deploys.forEach(deploy -> {
            Long seconds = DeploymentHistory.durationSeconds(deploy);
            if (seconds != null) {
                durations.put(deploy.getId(), seconds < 120 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s");
            }
        });
        model.addAttribute("name", name);
        model.addAttribute("deploys", deploys.getContent());
        model.addAttribute("durations", durations);
        model.addAttribute("page", deploys.getNumber());
        model.addAttribute("pages", deploys.getTotalPages());
        model.addAttribute("rollbackTo", deployments.rollbackTarget(name).orElse(null));
        return "deployment/history";
    }

    /** The newest {@value DeploymentHistory#CSV_ROWS} deploys and rollbacks, as a spreadsheet opens them. */
    @GetMapping(path = "/deployments.csv", produces = "text/csv")
    ResponseEntity<String> historyCsv(@PathVariable String name) {
        try {
            deployments.environment(name);
        } catch (ProvisioningRefused refused) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN).body(refused.getMessage());
        }
        StringBuilder csv = new StringBuilder(DeploymentHistory.CSV_HEADER).append("\r\n");
        operations.deploys(name, PageRequest.of(0, DeploymentHistory.CSV_ROWS))
                .forEach(deploy -> csv.append(DeploymentHistory.csvRow(deploy)).append("\r\n"));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(name + "-deployments.csv").build().toString()).contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(csv.toString());
    }

    @PostMapping("/deployments/rollback")
    String rollBack(@PathVariable String name, Principal principal, Model model, HttpServletRequest request, HttpServletResponse response) {
        return started(name, model, response, () -> deployments.rollBack(name, principal.getName(), request));
    }

    @PostMapping("/deployments")
    String deploy(@PathVariable String name, @RequestParam(defaultValue = "") String imageTag, Principal principal, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        return started(name, model, response, () -> deployments.deploy(name, imageTag, principal.getName(), request));
    }

    /** The operation's page once it started, or the refusal's. */
    private static String started(String name, Model model, HttpServletResponse response, Supplier<StackOperation> start) {
        try {
            return "redirect:/environments/" + name + "/operations/" + start.get().getId();
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        } catch (OperationBusy busy) {
            return RefusedPages.busy(name, busy, model, response);
        }
    }

    /** Each tag of the repository, with the environments whose record names it. */
    private Map<String, List<String>> recordedTags(String repository) {
        Map<String, List<String>> byTag = new LinkedHashMap<>();
        for (String other : environments.names()) {
            environments.find(other).filter(found -> repository.equals(found.getImageRepository()))
                    .ifPresent(found -> byTag.computeIfAbsent(found.getImageTag(), tag -> new ArrayList<>()).add(other));
        }
        return byTag;
    }
}
