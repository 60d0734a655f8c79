package com.questportal.portal.deployment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.provisioning.ProvisioningRefused;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The images an environment can deploy: its repository's images in ECR (DescribeImages, every page), newest push first. The
 * list is shared for {@link #SHARED_FOR} by everyone who looks at the same repository; whether one tag is there is asked
 * afresh, since a deploy must not start on a list a minute old.
 */
@Component
class ImageCatalog {

    static final Duration SHARED_FOR = Duration.ofSeconds(30);

    /** One image: its tags, digest, when it was pushed and its size. */
    record Image(List<String> tags, String digest, Instant pushedAt, long sizeBytes) {

        /** The digest as people compare it: its first 12 hex digits. */
        public String shortDigest() {
            return digest == null ? "" : digest.replace("sha256:", "").substring(0, Math.min(12, digest.replace("sha256:", "").length()));
        }

        public String size() {
            return sizeBytes < 1024 * 1024 ? Math.max(1, sizeBytes / 1024) + " KiB" : String.format(java.util.Locale.ROOT, "%.1f MiB",
                    sizeBytes / (1024.0 * 1024.0));
        }
    }

    private record Key(AwsClients.Target target, String repository) {
    }

    private final AwsClients aws;
    private final Cache<Key, List<Image>> lists = Caffeine.newBuilder().expireAfterWrite(SHARED_FOR).maximumSize(1_000).build();

    ImageCatalog(AwsClients aws) {
        this.aws = aws;
    }

    /** The repository's images, newest push first; refused in words when ECR cannot be asked or has no such repository. */
    List<Image> images(Environment environment) {
        return lists.get(new Key(environment.awsTarget(), environment.getImageRepository()), key -> read(key));
    }

    /** The image the tag names in the environment's repository now, or empty when there is none. */
    Optional<Image> find(Environment environment, String tag) {
        try {
            return aws.ecr(environment.awsTarget()).describeImages(r -> r.repositoryName(environment.getImageRepository())
                    .imageIds(id -> id.imageTag(tag))).imageDetails().stream().findFirst().map(ImageCatalog::image);
        } catch (ImageNotFoundException missing) {
            return Optional.empty();
        } catch (RepositoryNotFoundException missing) {
            throw noRepository(environment.getImageRepository());
        } catch (SdkException e) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, AwsFailure.of(e, "ecr:DescribeImages").message());
        }
    }

    /** The image the tag names, or a refusal in words that nothing was changed. */
    Image require(Environment environment, String tag) {
        return find(environment, tag).orElseThrow(() -> new ProvisioningRefused(ProvisioningRefused.Kind.INVALID, "The repository "
                + environment.getImageRepository() + " has no image tagged " + tag + ": publish it first. Nothing was changed."));
    }

    private List<Image> read(Key key) {
        List<Image> images = new ArrayList<>();
        try {
            aws.ecr(key.target()).describeImagesPaginator(r -> r.repositoryName(key.repository())).imageDetails()
                    .forEach(detail -> images.add(image(detail)));
        } catch (RepositoryNotFoundException missing) {
            throw noRepository(key.repository());
        } catch (SdkException e) {
            throw new ProvisioningRefused(ProvisioningRefused.Kind.AWS, AwsFailure.of(e, "ecr:DescribeImages").message());
        }
        images.sort(Comparator.comparing(Image::pushedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return List.copyOf(images);
    }

    private static Image image(ImageDetail detail) {
        return new Image(detail.imageTags(), detail.imageDigest(), detail.imagePushedAt(),
                detail.imageSizeInBytes() == null ? 0 : detail.imageSizeInBytes());
    }

    private static ProvisioningRefused noRepository(String repository) {
        return new ProvisioningRefused(ProvisioningRefused.Kind.CONFLICT, "ECR has no repository named " + repository
                + ": create it (the quest-repository template does) and publish an image first.");
    }
}
