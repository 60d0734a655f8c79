package com.questportal.sandbox.ecr;

/**
 * How an image in the sandbox's ECR names the program its tasks run: OCI manifest annotations,
 * written by {@link EcrService#publish} (or by anyone's PutImage) and read by the ECS task runner.
 */
public final class ImageAnnotations {

    /** The runnable jar a task of this image starts. */
    public static final String JAR = "com.questportal.sandbox.jar";
    /** Options for the JVM before {@code -jar}, e.g. {@code @/path/to/jvm.options}. */
    public static final String JAVA_OPTIONS = "com.questportal.sandbox.java-options";
    /** Followed by a variable name: an environment variable the image carries, as an image's ENV would. */
    public static final String ENV_PREFIX = "com.questportal.sandbox.env.";

    private ImageAnnotations() {
    }
}
