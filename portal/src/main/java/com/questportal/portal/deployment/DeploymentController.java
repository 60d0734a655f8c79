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
import java.util.function.Function;
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
    private final EcsDeploymentRecords ecsRecords;

    DeploymentController(Deployments deployments, ImageCatalog images, EnvironmentDirectory environments, Operations operations,
                         EcsDeploymentRecords ecsRecords) {
        this.deployments = deployments;
        this.images = images;
        this.environments = environments;
        this.operations = operations;
        this.ecsRecords = ecsRecords;
    }

    @GetMapping("/images")
    String images(@PathVariable String name, Model model, HttpServletResponse response) {
        return page(name, model, response, environment -> imagesPage(environment, model));
    }

    private String imagesPage(Environment environment, Model model) {
        String name = environment.getName();
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

    /** What a confirm page asks for: its verb and where its form posts. */
    enum Confirming {
        DEPLOY("Deploy", "/deployments"), ROLLBACK("Roll back to", "/deployments/rollback"), REDEPLOY("Redeploy", "/deployments/redeploy");

        final String verb;
        final String action;

        Confirming(String verb, String action) {
            this.verb = verb;
            this.action = action;
        }
    }

    @GetMapping("/deploy")
    String confirm(@PathVariable String name, @RequestParam(defaultValue = "") String tag, Model model, HttpServletResponse response) {
        return confirmPage(name, environment -> tag.trim(), Confirming.DEPLOY, model, response);
    }

    @GetMapping("/rollback")
    String confirmRollback(@PathVariable String name, Model model, HttpServletResponse response) {
        return confirmPage(name, environment -> deployments.requireRollbackTarget(name), Confirming.ROLLBACK, model, response);
    }

    @GetMapping("/redeploy")
    String confirmRedeploy(@PathVariable String name, Model model, HttpServletResponse response) {
        return confirmPage(name, Environment::getImageTag, Confirming.REDEPLOY, model, response);
    }

    @PostMapping("/deployments/redeploy")
    String redeploy(@PathVariable String name, Principal principal, Model model, HttpServletRequest request, HttpServletResponse response) {
        return started(name, model, response, () -> deployments.redeploy(name, principal.getName(), request));
    }

    /** The recorded tag and digest now, the tag asked for and its digest, and the form that starts it; or why not. */
    private String confirmPage(String name, Function<Environment, String> tagOf, Confirming confirming, Model model,
                               HttpServletResponse response) {
        try {
            Environment environment = deployments.environment(name);
            String tag = tagOf.apply(environment);
            model.addAttribute("next", images.require(environment, tag));
            model.addAttribute("name", name);
            model.addAttribute("tag", tag);
            model.addAttribute("fromTag", environment.getImageTag());
            model.addAttribute("now", images.find(environment, environment.getImageTag()).orElse(null));
            model.addAttribute("rollback", confirming == Confirming.ROLLBACK);
            model.addAttribute("redeploy", confirming == Confirming.REDEPLOY);
            model.addAttribute("verb", confirming.verb);
            model.addAttribute("formAction", "/environments/" + name + confirming.action);
            return "deployment/confirm";
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        }
    }

    @GetMapping("/deployments")
    String history(@PathVariable String name, @RequestParam(defaultValue = "0") int page, Model model, HttpServletResponse response) {
        return page(name, model, response, environment -> historyPage(name, page, model));
    }

    private String historyPage(String name, int page, Model model) {
        Page<StackOperation> deploys = operations.deploys(name, DeploymentHistory.page(page, HISTORY_PAGE));
        Map<Long, String> durations = new LinkedHashMap<>();
        deploys.forEach(deploy -> {
            Long seconds = DeploymentHistory.durationSeconds(deploy);
            if (seconds != null) {
                durations.put(deploy.getId(), DeploymentHistory.duration(seconds));
            }
        });
        model.addAttribute("name", name);
        model.addAttribute("deploys", deploys.getContent());
        model.addAttribute("durations", durations);
        Map<Long, DeploymentOutcome> outcomes = new LinkedHashMap<>();
        deploys.forEach(deploy -> outcomes.put(deploy.getId(), DeploymentOutcome.of(deploy)));
        model.addAttribute("outcomes", outcomes);
        model.addAttribute("page", deploys.getNumber());
        model.addAttribute("pages", deploys.getTotalPages());
        model.addAttribute("rollbackTo", deployments.rollbackTarget(name).orElse(null));
        return "deployment/history";
    }

    /** ECS's own records of the service's deployments, which the history panel loads beside the portal's. */
    @GetMapping("/deployments/ecs")
    String ecsDeployments(@PathVariable String name, Model model, HttpServletResponse response) {
        return page(name, model, response, environment -> {
            model.addAttribute("name", name);
            model.addAttribute("records", ecsRecords.of(environment));
            return "deployment/ecs-deployments";
        });
    }

    /** The page of an environment that exists, or the refusal's page. */
    private String page(String name, Model model, HttpServletResponse response, Function<Environment, String> page) {
        Environment environment;
        try {
            environment = deployments.environment(name);
        } catch (ProvisioningRefused refused) {
            return RefusedPages.refused(name, refused, model, response);
        }
        return page.apply(environment);
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
        for (Environment other : environments.all()) {
            if (repository.equals(other.getImageRepository())) {
                byTag.computeIfAbsent(other.getImageTag(), tag -> new ArrayList<>()).add(other.getName());
            }
        }
        return byTag;
    }
}
