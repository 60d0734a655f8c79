package com.questportal.portal.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's {@code docker-compose.yml} as Compose reads it with the values of {@code .env.example}: YAML merge
 * keys resolved, {@code ${NAME}}, {@code ${NAME:-default}} and {@code ${NAME:?message}} interpolated.
 */
public record ComposeFile(Map<String, Object> document, Map<String, String> variables) {

    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?}");

    public static ComposeFile read() {
        try {
            Map<String, String> variables = new LinkedHashMap<>();
            for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
                int equals = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                    variables.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
                }
            }
            return new ComposeFile(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))), variables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Object> service(String name) {
        Map<String, Object> service = map(map(document.get("services")).get(name));
        if (service == null) {
            throw new IllegalArgumentException("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** The service's environment, interpolated. */
    public Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        map(service(service).get("environment")).forEach((name, value) -> environment.put(name, interpolate(String.valueOf(value))));
        return environment;
    }

    public List<String> command(String service) {
        return strings(service(service).get("command"));
    }

    /** The health check's test, as its words ({@code CMD} first). */
    public List<String> healthCheck(String service) {
        return strings(map(service(service).get("healthcheck")).get("test"));
    }

    /** The URL a {@code CMD wget … <url>} health check asks. */
    public URI healthCheckUrl(String service) {
        List<String> test = healthCheck(service);
        return URI.create(test.get(test.size() - 1));
    }

    public List<String> ports(String service) {
        Object ports = service(service).get("ports");
        return ports == null ? List.of() : strings(ports);
    }

    /** Every variable the file names, with or without a default. */
    public List<String> variablesNamed() {
        try {
            Matcher found = VARIABLE.matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
            return found.results().map(match -> match.group(1)).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String interpolate(String value) {
        return VARIABLE.matcher(value).replaceAll(match -> {
            String set = variables.get(match.group(1));
            if (set != null && !set.isEmpty()) {
                return Matcher.quoteReplacement(set);
            }
            if ("-".equals(match.group(2))) {
                return Matcher.quoteReplacement(match.group(3));
            }
            throw new IllegalStateException(match.group(1) + " is not set in .env.example: " + match.group(3));
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static List<String> strings(Object value) {
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
