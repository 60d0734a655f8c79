package com.questportal.sandbox.protocol;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How one AWS service is reached on the wire and what it can do.
 *
 * @param signingName the SigV4 service name in the credential scope ({@code sts}, {@code ssm}...)
 * @param protocol the wire protocol
 * @param targetPrefix for JSON 1.1, the {@code X-Amz-Target} prefix ({@code AmazonSSM}); for RPC v2 CBOR, the service's
 *     name in the request path ({@code GraniteServiceVersion20100801}); unused for query
 * @param xmlNamespace for query, the namespace of response documents; unused for JSON 1.1
 * @param operations the operations by name
 * @param streams the operations that answer with an event stream, by name (JSON 1.1 only)
 */
public record AwsService(String signingName, Protocol protocol, String targetPrefix, String xmlNamespace,
                         Map<String, Operation<?, ?>> operations, Map<String, EventStreaming<?>> streams) {

    public static AwsService json(String signingName, String targetPrefix, List<Operation<?, ?>> operations) {
        return json(signingName, targetPrefix, operations, List.of());
    }

    public static AwsService json(String signingName, String targetPrefix, List<Operation<?, ?>> operations,
                                  List<EventStreaming<?>> streams) {
        return new AwsService(signingName, Protocol.JSON_1_1, targetPrefix, null, byName(operations),
                streams.stream().collect(Collectors.toUnmodifiableMap(EventStreaming::name, Function.identity())));
    }

    public static AwsService query(String signingName, String xmlNamespace, List<Operation<?, ?>> operations) {
        return new AwsService(signingName, Protocol.QUERY, null, xmlNamespace, byName(operations), Map.of());
    }

    public static AwsService rpcV2Cbor(String signingName, String serviceName, List<Operation<?, ?>> operations) {
        return new AwsService(signingName, Protocol.RPC_V2_CBOR, serviceName, null, byName(operations), Map.of());
    }

    public static AwsService ec2(String xmlNamespace, List<Operation<?, ?>> operations) {
        return new AwsService("ec2", Protocol.EC2, null, xmlNamespace, byName(operations), Map.of());
    }

    private static Map<String, Operation<?, ?>> byName(List<Operation<?, ?>> operations) {
        return operations.stream().collect(Collectors.toUnmodifiableMap(Operation::name, Function.identity()));
    }
}
