package com.questportal.sandbox.ecr;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Validation;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchGetImageRequest;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyRequest;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * What `docker login` and `docker pull` ask of a registry, and the lifecycle policy a repository
 * keeps: GetAuthorizationToken, BatchGetImage, GetLifecyclePolicy.
 */
final class RegistryReads {

    /** ECR's tokens last 12 hours. */
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private final Repositories repositories;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RegistryReads(Repositories repositories, Clock clock) {
        this.repositories = repositories;
        this.clock = clock;
    }

    /** A token of the form base64("AWS:" + password), as `aws ecr get-login-password` prints the password. */
    GetAuthorizationTokenResponse authorizationToken(GetAuthorizationTokenRequest request, CallContext caller) {
        byte[] password = new byte[32];
        random.nextBytes(password);
        String token = Base64.getEncoder().encodeToString(("AWS:" + HexFormat.of().formatHex(password)).getBytes(StandardCharsets.UTF_8));
        return GetAuthorizationTokenResponse.builder().authorizationData(AuthorizationData.builder().authorizationToken(token)
                .expiresAt(clock.instant().plus(TOKEN_LIFETIME))
                .proxyEndpoint("https://" + caller.accountId() + ".dkr.ecr." + caller.region() + ".amazonaws.com").build()).build();
    }

    BatchGetImageResponse batchGetImage(BatchGetImageRequest request, CallContext caller) {
        Validation.json().required("repositoryName", request.repositoryName())
                .required("imageIds", request.hasImageIds() ? request.imageIds() : null)
                .range("imageIds", request.imageIds().size(), 1, 100).check();
        TreeMap<String, Repositories.Repository> scope = repositories.scope(caller.accountId(), caller.region());
        List<Image> images = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        synchronized (scope) {
            Repositories.Repository repository = EcrService.repository(scope, request.repositoryName(), caller.accountId());
            for (ImageIdentifier id : request.imageIds()) {
                repository.images.stream().filter(image -> EcrService.matches(image, id)).findFirst().ifPresentOrElse(
                        image -> images.add(Image.builder().registryId(caller.accountId()).repositoryName(repository.name)
                                .imageId(ImageIdentifier.builder().imageDigest(image.digest)
                                        .imageTag(id.imageTag() != null ? id.imageTag() : image.tags.isEmpty() ? null : image.tags.get(0)).build())
                                .imageManifest(image.manifest).imageManifestMediaType(image.mediaType).build()),
                        () -> failures.add(ImageFailure.builder().imageId(id).failureCode("ImageNotFound")
                                .failureReason("Requested image not found").build()));
            }
        }
        return BatchGetImageResponse.builder().images(images).failures(failures).build();
    }

    GetLifecyclePolicyResponse lifecyclePolicy(GetLifecyclePolicyRequest request, CallContext caller) {
        Validation.json().required("repositoryName", request.repositoryName()).check();
        TreeMap<String, Repositories.Repository> scope = repositories.scope(caller.accountId(), caller.region());
        synchronized (scope) {
            Repositories.Repository repository = EcrService.repository(scope, request.repositoryName(), caller.accountId());
            if (repository.lifecyclePolicy == null) {
                throw AwsServiceException.badRequest("LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the "
                        + "repository with name '" + repository.name + "' in the registry with id '" + caller.accountId() + "'");
            }
            return GetLifecyclePolicyResponse.builder().registryId(caller.accountId()).repositoryName(repository.name)
                    .lifecyclePolicyText(repository.lifecyclePolicy).build();
        }
    }
}
