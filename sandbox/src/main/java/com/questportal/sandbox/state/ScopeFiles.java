package com.questportal.sandbox.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The state files of a service, one per account and region: {@code <directory>/<account>/<region>.json}. */
public final class ScopeFiles {

    /** One account and region that has a state file. */
    public record Scope(String account, String region, Path file) {
    }

    private ScopeFiles() {
    }

    /** Every account and region the directory holds a file for; none when the directory does not exist yet. */
    public static List<Scope> under(Path directory) {
        List<Scope> scopes = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return scopes;
        }
        try (var accounts = Files.list(directory)) {
            for (Path account : accounts.filter(Files::isDirectory).sorted().toList()) {
                try (var regions = Files.list(account)) {
                    for (Path file : regions.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList()) {
                        String name = file.getFileName().toString();
                        scopes.add(new Scope(account.getFileName().toString(), name.substring(0, name.length() - 5), file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sandbox state under " + directory, e);
        }
        return scopes;
    }
}
