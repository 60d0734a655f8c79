package com.questportal.sandbox.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** One file of state, replaced atomically on every write so that a crash leaves the old or the new version. */
public final class StateFile {

    private final Path file;

    public StateFile(Path file) {
        this.file = file;
    }

    public Optional<byte[]> read() {
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sandbox state " + file, e);
        }
    }

    public void write(byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.write(next, content);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sandbox state " + file, e);
        }
    }
}
