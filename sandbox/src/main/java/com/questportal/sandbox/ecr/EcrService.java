package com.questportal.sandbox.ecr;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageRequest;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryResponse;
import software.amazon.awssdk.services.ecr.model.DeleteRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.DeleteRepositoryResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.BatchGetImageRequest;
import software.amazon.awssdk.services.ecr.model.EncryptionConfiguration;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyRequest;
import software.amazon.awssdk.services.ecr.model.ImageScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.ListImagesRequest;
import software.amazon.awssdk.services.ecr.model.ListImagesResponse;
import software.amazon.awssdk.services.ecr.model.PutImageRequest;
import software.amazon.awssdk.services.ecr.model.PutImageResponse;
import software.amazon.awssdk.services.ecr.model.Repository;

/** ECR: repositories and images, with tag immutability and digests as ECR computes them. */
public final class EcrService {

    static final Pattern NAME = Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");

    final Repositories repositories;
    private final Clock clock;
    private final RegistryReads reads;

    public EcrService(Path directory, Clock clock) {
        this.repositories = new Repositories(directory);
        this.clock = clock;
        this.reads = new RegistryReads(repositories, clock);
    }

    public AwsService api() {
        return AwsService.json("ecr", "AmazonEC2ContainerRegistry_V20150921", List.of(
                Operation.of("CreateRepository", CreateRepositoryRequest::builder, this::createRepository),
                Operation.of("DescribeRepositories", DescribeRepositoriesRequest::builder, this::describeRepositories),
                Operation.of("DeleteRepository", DeleteRepositoryRequest::builder, this::deleteRepository),
                Operation.of("PutImage", PutImageRequest::builder, this::putImage),
                Operation.of("DescribeImages", DescribeImagesRequest::builder, this::describeImages),
                Operation.of("ListImages", ListImagesRequest::builder, this::listImages),
                Operation.of("BatchDeleteImage", BatchDeleteImageRequest::builder, this::batchDeleteImage),
                Operation.of("BatchGetImage", BatchGetImageRequest::builder, reads::batchGetImage),
                Operation.of("GetAuthorizationToken", GetAuthorizationTokenRequest::builder, reads::authorizationToken),
                Operation.of("GetLifecyclePolicy", GetLifecyclePolicyRequest::builder, reads::lifecyclePolicy)));
    }

    /**
     * The manifest an image reference names ({@code account.dkr.ecr.region.amazonaws.com/repository:tag}
     * or {@code ...@sha256:digest}), as a container runtime pulls it; empty when there is no such image.
     */
    public java.util.Optional<String> manifest(String account, String region, String image) {
        String prefix = account + ".dkr.ecr." + region + ".amazonaws.com/";
        if (!image.startsWith(prefix)) {
            return java.util.Optional.empty();
        }
        String reference = image.substring(prefix.length());
        int at = reference.indexOf('@');
        int colon = reference.lastIndexOf(':');
        String name = at >= 0 ? reference.substring(0, at) : colon >= 0 ? reference.substring(0, colon) : reference;
        String tag = at >= 0 ? null : colon >= 0 ? reference.substring(colon + 1) : "latest";
        String digest = at >= 0 ? reference.substring(at + 1) : null;
        TreeMap<String, Repositories.Repository> scope = repositories.scope(account, region);
        synchronized (scope) {
            Repositories.Repository repository = scope.get(name);
            if (repository == null) {
                return java.util.Optional.empty();
            }
            return repository.images.stream().filter(image1 -> digest != null ? image1.digest.equals(digest) : image1.tags.contains(tag))
                    .findFirst().map(found -> found.manifest);
        }
    }

    /** {@code AWS::ECR::Repository} for the sandbox's CloudFormation. */
    public ResourceProvider repositoryProvider() {
        return new RepositoryProvider(this);
    }

    /** What {@link #publish} put in the registry. */
    public record PublishedImage(String imageUri, String digest, long sizeInBytes, boolean repositoryCreated) {
    }

    /**
     * Publishes a runnable jar as {@code repository:tag}, as {@code docker push} would publish the image
     * built from it: the repository is made if it is missing, the manifest names the jar (its digest and
     * size as the layer) and the options and environment the image carries. Publishing the same jar
     * under the same tag again changes nothing.
     */
    public PublishedImage publish(String account, String region, String repositoryName, String tag, Path jar, String javaOptions,
                                  Map<String, String> environment) {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw AwsServiceException.badRequest("InvalidParameterException", "There is no jar at " + jar
                    + ": build it first (./mvnw -pl quest-app package).");
        }
        Validation.json().required("imageTag", tag).length("imageTag", tag, 1, 300).check();
        boolean created = false;
        TreeMap<String, Repositories.Repository> scope = repositories.scope(account, region);
        synchronized (scope) {
            if (!scope.containsKey(repositoryName)) {
                create(account, region, repositoryName, "MUTABLE", false);
                created = true;
            }
        }
        Manifests.JarImage image = Manifests.forJar(jar, javaOptions, environment);
        String body = image.manifest();
        long jarSize = image.jarSize();
        CallContext publisher = new CallContext(UUID.randomUUID().toString(), account, region, "arn:aws:iam::" + account + ":root",
                account, "sandbox-publish");
        String digest = "sha256:" + Manifests.sha256(body);
        try {
            digest = putImage(PutImageRequest.builder().repositoryName(repositoryName).imageTag(tag).imageManifest(body).build(), publisher)
                    .image().imageId().imageDigest();
        } catch (AwsServiceException e) {
            if (!e.code().equals("ImageAlreadyExistsException")) {
                throw e;
            }
        }
        return new PublishedImage(account + ".dkr.ecr." + region + ".amazonaws.com/" + repositoryName + ":" + tag, digest, jarSize + 2,
                created);
    }

    Repositories.Repository create(String account, String region, String name, String mutability, boolean scanOnPush) {
        Validation.json().required("repositoryName", name).length("repositoryName", name, 2, 256)
                .pattern("repositoryName", name, NAME).oneOf("imageTagMutability", mutability, List.of("MUTABLE", "IMMUTABLE")).check();
        TreeMap<String, Repositories.Repository> scope = repositories.scope(account, region);
        synchronized (scope) {
            if (scope.containsKey(name)) {
                throw AwsServiceException.badRequest("RepositoryAlreadyExistsException", "The repository with name '" + name
                        + "' already exists in the registry with id '" + account + "'");
            }
            Repositories.Repository repository = new Repositories.Repository(name, clock.millis());
            repository.tagMutability = mutability == null ? "MUTABLE" : mutability;
            repository.scanOnPush = scanOnPush;
            scope.put(name, repository);
            repositories.save(account, region);
            return repository;
        }
    }

    void delete(String account, String region, String name, boolean force) {
        TreeMap<String, Repositories.Repository> scope = repositories.scope(account, region);
        synchronized (scope) {
            Repositories.Repository repository = repository(scope, name, account);
            if (!repository.images.isEmpty() && !force) {
                throw AwsServiceException.badRequest("RepositoryNotEmptyException", "The repository with name '" + name
                        + "' in registry with id '" + account + "' cannot be deleted because it still contains images");
            }
            scope.remove(name);
            repositories.save(account, region);
        }
    }

    private CreateRepositoryResponse createRepository(CreateRepositoryRequest request, CallContext caller) {
        boolean scan = request.imageScanningConfiguration() != null && Boolean.TRUE.equals(request.imageScanningConfiguration().scanOnPush());
        Repositories.Repository repository = create(caller.accountId(), caller.region(), request.repositoryName(),
                request.imageTagMutabilityAsString(), scan);
        return CreateRepositoryResponse.builder().repository(toRepository(repository, caller)).build();
    }

    private DescribeRepositoriesResponse describeRepositories(DescribeRepositoriesRequest request, CallContext caller) {
        Validation.json().range("maxResults", request.maxResults(), 1, 1000).check();
        TreeMap<String, Repositories.Repository> scope = repositories.scope(caller.accountId(), caller.region());
        List<Repository> all = new ArrayList<>();
        synchronized (scope) {
            if (request.hasRepositoryNames()) {
                request.repositoryNames().forEach(name -> all.add(toRepository(repository(scope, name, caller.accountId()), caller)));
            } else {
                scope.values().forEach(repository -> all.add(toRepository(repository, caller)));
            }
        }
        int start = Paging.start(request.nextToken(), all.size(), "InvalidParameterException",
                "Invalid parameter at 'nextToken' failed to satisfy constraint");
        int size = request.maxResults() == null ? 100 : request.maxResults();
        return DescribeRepositoriesResponse.builder().repositories(all.subList(start, Math.min(all.size(), start + size)))
                .nextToken(Paging.next(start, size, all.size())).build();
    }

    private DeleteRepositoryResponse deleteRepository(DeleteRepositoryRequest request, CallContext caller) {
        Validation.json().required("repositoryName", request.repositoryName()).check();
        TreeMap<String, Repositories.Repository> scope = repositories.scope(caller.accountId(), caller.region());
        Repository deleted;
        synchronized (scope) {
            deleted = toRepository(repository(scope, request.repositoryName(), caller.accountId()), caller);
        }
        delete(caller.accountId(), caller.region(), request.repositoryName(), Boolean.TRUE.equals(request.force()));
        return DeleteRepositoryResponse.builder().repository(deleted).build();
    }

    private PutImageResponse putImage(PutImageRequest request, CallContext caller) {
        Validation.json().required("repositoryName", request.repositoryName()).required("imageManifest", request.imageManifest())
                .length("imageManifest", request.imageManifest(), 1, 4_194_304).length("imageTag", request.imageTag(), 1, 300).check();
        String digest = "sha256:" + Manifests.sha256(request.imageManifest());
        if (request.imageDigest() != null && !request.imageDigest().equals(digest)) {
            throw AwsServiceException.badRequest("ImageDigestDoesNotMatchException", "The specified digest '" + request.imageDigest()
                    + "' does not match the digest of the image manifest, '" + digest + "'");
        }
        TreeMap<String, Repositories.Repository> scope = repositories.scope(caller.accountId(), caller.region());
        synchronized (scope) {
            Repositories.Repository repository = repository(scope, request.repositoryName(), caller.accountId());
            Repositories.Image same = repository.images.stream().filter(image -> image.digest.equals(digest)).findFirst().orElse(null);
            String tag = request.imageTag();
            if (same != null && (tag == null || same.tags.contains(tag))) {
                throw AwsServiceException.badRequest("ImageAlreadyExistsException", "Image with digest '" + digest + "' and tag '"
                        + tag + "' already exists in the repository with name '" + repository.name + "' in registry with id '"
                        + caller.accountId() + "'");
            }
            if (tag != null) {
                for (Repositories.Image other : repository.images) {
                    if (other.tags.contains(tag)) {
                        if ("IMMUTABLE".equals(repository.tagMutability)) {
                            throw AwsServiceException.badRequest("ImageTagAlreadyExistsException", "The image tag '" + tag
                                    + "' already exists in the '" + repository.name
                                    + "' repository and cannot be overwritten because the repository is immutable.");
                        }
                        other.tags.remove(tag);
                    }
                }
            }
            Repositories.Image image = same;
            if (image == null) {
                String mediaType = request.imageManifestMediaType() != null ? request.imageManifestMediaType()
                        : Manifests.mediaType(request.imageManifest());
                image = new Repositories.Image(digest, request.imageManifest(), mediaType, Manifests.size(request.imageManifest()), clock.millis());
                repository.images.add(image);
            }
            if (tag != null) {
                image.tags.add(tag);
            }
            repositories.save(caller.accountId(), caller.region());
            return PutImageResponse.builder().image(Image.builder().registryId(caller.accountId()).repositoryName(repository.name)
                    .imageId(ImageIdentifier.builder().imageDigest(digest).imageTag(tag).build())
                    .imageManifest(image.manifest).imageManifestMediaType(image.mediaType).build()).build();
        }
    }

    private DescribeImagesResponse describeImages(DescribeImagesRequest request, CallContext caller) {
        Validation.json().required("repositoryName", request.repositoryName()).range("maxResults", request.maxResults(), 1, 1000).check();
        TreeMap<String, Repositories.Repository> scope = repositories.scope(caller.accountId(), caller.region());
        List<ImageDetail> all = new ArrayList<>();
        synchronized (scope) {
            Repositories.Repository repository = repository(scope, request.repositoryName(), caller.accountId());
            List<Repositories.Image> chosen = new ArrayList<>();
            if (request.hasImageIds()) {
                for (ImageIdentifier id : request.imageIds()) {
                    chosen.add(repository.images.stream().filter(image -> matches(image, id)).findFirst().orElseThrow(() ->
                            AwsServiceException.badRequest("ImageNotFoundException", "The image with imageId {imageDigest:'"
                                    + id.imageDigest() + "', imageTag:'" + id.imageTag() + "'} does not exist within the repository with name '"
                                    + repository.name + "' in the registry with id '" + caller.accountId() + "'")));
                }
            } else {
                String status = request.filter() == null ? "ANY" : request.filter().tagStatusAsString();
                repository.images.stream().filter(image -> "ANY".equals(status) || ("TAGGED".equals(status) == !image.tags.isEmpty()))
                        .forEach(chosen::add);
            }
            chosen.forEach(image -> all.add(ImageDetail.builder().registryId(caller.accountId()).repositoryName(repository.name)
                    .imageDigest(image.digest).imageTags(List.copyOf(image.tags)).imageSizeInBytes(image.size)
                    .imagePushedAt(Instant.ofEpochMilli(image.pushedAt)).imageManifestMediaType(image.mediaType).build()));
        }
        int start = Paging.start(request.nextToken(), all.size(), "InvalidParameterException",
                "Invalid parameter at 'nextToken' failed to satisfy constraint");
        int size = request.maxResults() == null ? 100 : request.maxResults();
        return DescribeImagesResponse.builder().imageDetails(all.subList(start, Math.min(all.size(), start + size)))
                .nextToken(Paging.next(start, size, all.size())).build();
    }

    private ListImagesResponse listImages(ListImagesRequest request, CallContext caller) {
        Validation.json().required("repositoryName", request.repositoryName()).range("maxResults", request.maxResults(), 1, 1000).check();
        TreeMap<String, Repositories.Repository> scope = repositories.scope(caller.accountId(), caller.region());
        List<ImageIdentifier> all = new ArrayList<>();
        synchronized (scope) {
            for (Repositories.Image image : repository(scope, request.repositoryName(), caller.accountId()).images) {
                if (image.tags.isEmpty()) {
                    all.add(ImageIdentifier.builder().imageDigest(image.digest).build());
                }
                image.tags.forEach(tag -> all.add(ImageIdentifier.builder().imageDigest(image.digest).imageTag(tag).build()));
            }
        }
        int start = Paging.start(request.nextToken(), all.size(), "InvalidParameterException",
                "Invalid parameter at 'nextToken' failed to satisfy constraint");
        int size = request.maxResults() == null ? 100 : request.maxResults();
        return ListImagesResponse.builder().imageIds(all.subList(start, Math.min(all.size(), start + size)))
                .nextToken(Paging.next(start, size, all.size())).build();
    }

    private BatchDeleteImageResponse batchDeleteImage(BatchDeleteImageRequest request, CallContext caller) {
        Validation.json().required("repositoryName", request.repositoryName())
                .required("imageIds", request.hasImageIds() ? request.imageIds() : null).check();
        TreeMap<String, Repositories.Repository> scope = repositories.scope(caller.accountId(), caller.region());
        List<ImageIdentifier> deleted = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        synchronized (scope) {
            Repositories.Repository repository = repository(scope, request.repositoryName(), caller.accountId());
            for (ImageIdentifier id : request.imageIds()) {
                Repositories.Image image = repository.images.stream().filter(candidate -> matches(candidate, id)).findFirst().orElse(null);
                if (image == null) {
                    failures.add(ImageFailure.builder().imageId(id).failureCode("ImageNotFound").failureReason("Requested image not found").build());
                    continue;
                }
                if (id.imageTag() != null && id.imageDigest() == null) {
                    image.tags.remove(id.imageTag());
                    if (image.tags.isEmpty()) {
                        repository.images.remove(image);
                    }
                } else {
                    repository.images.remove(image);
                }
                deleted.add(ImageIdentifier.builder().imageDigest(image.digest).imageTag(id.imageTag()).build());
            }
            repositories.save(caller.accountId(), caller.region());
        }
        return BatchDeleteImageResponse.builder().imageIds(deleted).failures(failures).build();
    }

    static boolean matches(Repositories.Image image, ImageIdentifier id) {
        return (id.imageDigest() == null || id.imageDigest().equals(image.digest))
                && (id.imageTag() == null || image.tags.contains(id.imageTag()))
                && (id.imageDigest() != null || id.imageTag() != null);
    }

    static Repositories.Repository repository(Map<String, Repositories.Repository> scope, String name, String account) {
        Repositories.Repository repository = scope.get(name);
        if (repository == null) {
            throw AwsServiceException.badRequest("RepositoryNotFoundException", "The repository with name '" + name
                    + "' does not exist in the registry with id '" + account + "'");
        }
        return repository;
    }

    static String uri(String account, String region, String name) {
        return account + ".dkr.ecr." + region + ".amazonaws.com/" + name;
    }

    private static Repository toRepository(Repositories.Repository repository, CallContext caller) {
        return Repository.builder().registryId(caller.accountId()).repositoryName(repository.name)
                .repositoryArn("arn:aws:ecr:" + caller.region() + ":" + caller.accountId() + ":repository/" + repository.name)
                .repositoryUri(uri(caller.accountId(), caller.region(), repository.name)).createdAt(Instant.ofEpochMilli(repository.created))
                .imageTagMutability(repository.tagMutability)
                .imageScanningConfiguration(ImageScanningConfiguration.builder().scanOnPush(repository.scanOnPush).build())
                .encryptionConfiguration(EncryptionConfiguration.builder().encryptionType(EncryptionType.AES256).build()).build();
    }
}
