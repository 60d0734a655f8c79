package com.questportal.sandbox.ecr;

import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.StateFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The repositories and images of each account and region, in a file per account and region. */
final class Repositories {

    /** A repository and its settings. */
    static final class Repository {
        final String name;
        final long created;
        String tagMutability;
        boolean scanOnPush;
        String lifecyclePolicy;
        final List<Image> images = new ArrayList<>();

        Repository(String name, long created) {
            this.name = name;
            this.created = created;
        }
    }

    /** An image: its digest, its tags, its manifest. */
    static final class Image {
        final String digest;
        final List<String> tags = new ArrayList<>();
        final String manifest;
        final String mediaType;
        final long size;
        final long pushedAt;

        Image(String digest, String manifest, String mediaType, long size, long pushedAt) {
            this.digest = digest;
            this.manifest = manifest;
            this.mediaType = mediaType;
            this.size = size;
            this.pushedAt = pushedAt;
        }
    }

    private final Path directory;
    private final Map<String, TreeMap<String, Repository>> byScope = new ConcurrentHashMap<>();

    Repositories(Path directory) {
        this.directory = directory;
    }

    /** The repositories of an account and region; callers hold its monitor while they read or change it. */
    TreeMap<String, Repository> scope(String account, String region) {
        return byScope.computeIfAbsent(account + "/" + region, key -> load(account, region));
    }

    void save(String account, String region) {
        TreeMap<String, Repository> repositories = scope(account, region);
        List<Object> documents = new ArrayList<>();
        repositories.values().forEach(repository -> {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("name", repository.name);
            document.put("created", repository.created);
            document.put("tagMutability", repository.tagMutability);
            document.put("scanOnPush", repository.scanOnPush);
            document.put("lifecyclePolicy", repository.lifecyclePolicy);
            List<Object> images = new ArrayList<>();
            repository.images.forEach(image -> {
                Map<String, Object> imageDocument = new LinkedHashMap<>();
                imageDocument.put("digest", image.digest);
                imageDocument.put("tags", image.tags);
                imageDocument.put("manifest", image.manifest);
                imageDocument.put("mediaType", image.mediaType);
                imageDocument.put("size", image.size);
                imageDocument.put("pushedAt", image.pushedAt);
                images.add(imageDocument);
            });
            document.put("images", images);
            documents.add(document);
        });
        new StateFile(directory.resolve(account).resolve(region + ".json")).write(JsonValues.write(documents));
    }

    @SuppressWarnings("unchecked")
    private TreeMap<String, Repository> load(String account, String region) {
        TreeMap<String, Repository> repositories = new TreeMap<>();
        new StateFile(directory.resolve(account).resolve(region + ".json")).read().ifPresent(bytes -> {
            for (Map<String, Object> document : (List<Map<String, Object>>) JsonValues.read(bytes)) {
                Repository repository = new Repository((String) document.get("name"), ((Number) document.get("created")).longValue());
                repository.tagMutability = (String) document.get("tagMutability");
                repository.scanOnPush = Boolean.TRUE.equals(document.get("scanOnPush"));
                repository.lifecyclePolicy = (String) document.get("lifecyclePolicy");
                for (Map<String, Object> imageDocument : (List<Map<String, Object>>) document.get("images")) {
                    Image image = new Image((String) imageDocument.get("digest"), (String) imageDocument.get("manifest"),
                            (String) imageDocument.get("mediaType"), ((Number) imageDocument.get("size")).longValue(),
                            ((Number) imageDocument.get("pushedAt")).longValue());
                    image.tags.addAll((List<String>) imageDocument.get("tags"));
                    repository.images.add(image);
                }
                repositories.put(repository.name, repository);
            }
        });
        return repositories;
    }
}
