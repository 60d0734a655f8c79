package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation template written in YAML (or JSON, which is YAML) into plain maps and
 * lists, with the short-form tags turned into the long form CloudFormation itself uses:
 * {@code !Ref X} becomes {@code {Ref: X}}, {@code !GetAtt A.B} becomes {@code {Fn::GetAtt: [A, B]}}.
 */
public final class TemplateYaml {

    /** The largest template body CloudFormation accepts inline. */
    public static final int MAX_TEMPLATE_BODY = 51_200;

    private static final Map<String, String> SHORT_FORMS = Map.ofEntries(
            Map.entry("!Ref", "Ref"),
            Map.entry("!Condition", "Condition"),
            Map.entry("!Sub", "Fn::Sub"),
            Map.entry("!GetAtt", "Fn::GetAtt"),
            Map.entry("!Join", "Fn::Join"),
            Map.entry("!Select", "Fn::Select"),
            Map.entry("!Split", "Fn::Split"),
            Map.entry("!GetAZs", "Fn::GetAZs"),
            Map.entry("!If", "Fn::If"),
            Map.entry("!Equals", "Fn::Equals"),
            Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"),
            Map.entry("!Not", "Fn::Not"),
            Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!ImportValue", "Fn::ImportValue"),
            Map.entry("!Base64", "Fn::Base64"),
            Map.entry("!Cidr", "Fn::Cidr"),
            Map.entry("!Contains", "Fn::Contains"),
            Map.entry("!EachMemberEquals", "Fn::EachMemberEquals"),
            Map.entry("!EachMemberIn", "Fn::EachMemberIn"),
            Map.entry("!ValueOf", "Fn::ValueOf"),
            Map.entry("!RefAll", "Fn::RefAll"),
            Map.entry("!ValueOfAll", "Fn::ValueOfAll"),
            Map.entry("!Length", "Fn::Length"),
            Map.entry("!ToJsonString", "Fn::ToJsonString"),
            Map.entry("!Transform", "Fn::Transform"));

    private TemplateYaml() {
    }

    /** The template as a map; a body that is not a YAML or JSON mapping is AWS's {@code ValidationError}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String body) {
        if (body.length() > MAX_TEMPLATE_BODY) {
            throw AwsServiceException.badRequest("ValidationError",
                    "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: "
                            + "Member must have length less than or equal to " + MAX_TEMPLATE_BODY);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        Object document;
        try {
            document = new Yaml(new IntrinsicConstructor(options)).load(body);
        } catch (YAMLException e) {
            throw AwsServiceException.badRequest("ValidationError", "Template format error: YAML not well-formed. "
                    + e.getMessage().replaceAll("\\s+", " ").trim());
        }
        if (!(document instanceof Map<?, ?>)) {
            throw AwsServiceException.badRequest("ValidationError", "Template format error: the template must be a YAML or JSON mapping.");
        }
        return (Map<String, Object>) document;
    }

    /** SnakeYAML's safe constructor plus one construct per CloudFormation short-form tag. */
    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            SHORT_FORMS.forEach((tag, function) -> yamlConstructors.put(new Tag(tag), new Intrinsic(function)));
        }

        private final class Intrinsic extends AbstractConstruct {

            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    argument = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    argument = constructSequence(sequence);
                } else {
                    argument = constructMapping((MappingNode) node);
                }
                if (function.equals("Fn::GetAtt") && argument instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    argument = dot < 0 ? List.of(dotted) : List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                }
                return Map.of(function, argument);
            }
        }
    }
}
