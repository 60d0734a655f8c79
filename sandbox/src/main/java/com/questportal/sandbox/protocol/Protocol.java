package com.questportal.sandbox.protocol;

/** The AWS wire protocols the sandbox speaks. */
public enum Protocol {

    /** Form-encoded {@code Action=...} requests, XML responses: CloudFormation, ELBv2, STS, EC2. */
    QUERY,

    /** JSON bodies dispatched by {@code X-Amz-Target}: ECS, CloudWatch Logs, ECR, SSM. */
    JSON_1_1,

    /** Smithy RPC v2 CBOR: {@code POST /service/<name>/operation/<operation>}, CBOR both ways: CloudWatch's SDK client. */
    RPC_V2_CBOR,

    /** EC2's dialect of the query protocol: flattened lists, lower-case response names, its own error document. */
    EC2
}
