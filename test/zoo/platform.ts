/**
 * Modules real platform stacks are made of (a network, a function with its role, logs and alarm, DNS,
 * an OCI network), in the shape the engine sends at preview. The zoo programs compose them.
 */
import { iamRole, kmsKey } from "../evasion/dsl/blocks";
import { ACCOUNT, COMPARTMENT, derived, type Output, type Res, type Stack, UNKNOWN } from "../evasion/dsl/stack";

export type Labels = Record<string, string>;

/** A VPC with two private subnets, one public subnet, an internet gateway and its route, a security group, and an S3 gateway endpoint. */
export function awsNetwork(s: Stack, p: Res, prefix: string, cidr: string, region: string): { vpc: Res; privateSubnets: Res[]; sg: Res } {
    const vpc = s.add(
        "aws:ec2/vpc:Vpc",
        `${prefix}-vpc`,
        { cidrBlock: `${cidr}.0.0/16`, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${prefix}-vpc` } },
        { provider: p },
    );
    const privateSubnets = ["a", "b"].map((az, i) =>
        s.add(
            "aws:ec2/subnet:Subnet",
            `${prefix}-private-${az}`,
            { vpcId: vpc.id, cidrBlock: `${cidr}.${i + 1}.0/24`, availabilityZone: `${region}${az}`, tags: { tier: "private" } },
            { provider: p },
        ),
    );
    const pub = s.add(
        "aws:ec2/subnet:Subnet",
        `${prefix}-public-a`,
        { vpcId: vpc.id, cidrBlock: `${cidr}.100.0/24`, availabilityZone: `${region}a`, mapPublicIpOnLaunch: true },
        { provider: p },
    );
    const igw = s.add("aws:ec2/internetGateway:InternetGateway", `${prefix}-igw`, { vpcId: vpc.id }, { provider: p });
    const rt = s.add(
        "aws:ec2/routeTable:RouteTable",
        `${prefix}-public-rt`,
        { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] },
        { provider: p },
    );
    s.add("aws:ec2/routeTableAssociation:RouteTableAssociation", `${prefix}-public-rta`, { subnetId: pub.id, routeTableId: rt.id }, { provider: p });
    const sg = s.add(
        "aws:ec2/securityGroup:SecurityGroup",
        `${prefix}-app-sg`,
        {
            vpcId: vpc.id,
            description: "application tier",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [`${cidr}.0.0/16`] }],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        },
        { provider: p },
    );
    s.add(
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        `${prefix}-s3-endpoint`,
        { vpcId: vpc.id, serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway", routeTableIds: [rt.id] },
        { provider: p },
    );
    return { vpc, privateSubnets, sg };
}

/** An SNS topic for operational alarms: it carries alarm state changes, never user data. */
export function alarmTopic(s: Stack, p: Res, name: string): Res {
    return s.add("aws:sns/topic:Topic", name, { name, tags: { "data-class": "no-user-data", team: "sre" } }, { provider: p });
}

export function errorAlarm(s: Stack, p: Res, name: string, fn: Res, topic: Res): Res {
    return s.add(
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        name,
        {
            name,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: fn.out("name") },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            alarmActions: [topic.arn],
            treatMissingData: "notBreaching",
        },
        { provider: p },
    );
}

/**
 * A Lambda function with its role, a log group carrying `logClass` (encrypted with `logKey` when given)
 * and an error alarm. `env` values may be Outputs of other resources.
 */
export function lambdaService(
    s: Stack,
    p: Res,
    name: string,
    opts: { logClass: Labels; logKey?: Res; topic: Res; env?: Record<string, string | Output>; vpc?: { subnets: Res[]; sg: Res } },
): Res {
    const role = iamRole(s, `${name}-role`, "lambda.amazonaws.com");
    s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${name}-basic-execution`, {
        role: role.out("name"),
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    });
    s.add(
        "aws:cloudwatch/logGroup:LogGroup",
        `${name}-logs`,
        { name: `/aws/lambda/${name}`, retentionInDays: 365, kmsKeyId: opts.logKey?.arn, tags: opts.logClass },
        { provider: p },
    );
    const fn = s.add(
        "aws:lambda/function:Function",
        name,
        {
            name,
            role: role.arn,
            runtime: "nodejs20.x",
            handler: "index.handler",
            s3Bucket: "acme-artifacts",
            s3Key: `${name}/v42.zip`,
            memorySize: 512,
            timeout: 30,
            environment: opts.env ? { variables: opts.env } : undefined,
            vpcConfig: opts.vpc ? { subnetIds: opts.vpc.subnets.map((x) => x.id), securityGroupIds: [opts.vpc.sg.id] } : undefined,
            tracingConfig: { mode: "Active" },
        },
        { provider: p },
    );
    errorAlarm(s, p, `${name}-errors`, fn, opts.topic);
    return fn;
}

/** An HTTP API in front of a function. */
export function httpApi(s: Stack, p: Res, name: string, fn: Res): Res {
    const api = s.add("aws:apigatewayv2/api:Api", name, { name, protocolType: "HTTP" }, { provider: p });
    const integration = s.add(
        "aws:apigatewayv2/integration:Integration",
        `${name}-integration`,
        { apiId: api.id, integrationType: "AWS_PROXY", integrationUri: fn.arn, payloadFormatVersion: "2.0" },
        { provider: p },
    );
    s.add(
        "aws:apigatewayv2/route:Route",
        `${name}-route`,
        { apiId: api.id, routeKey: "ANY /{proxy+}", target: derived(UNKNOWN, integration) },
        { provider: p },
    );
    s.add("aws:apigatewayv2/stage:Stage", `${name}-stage`, { apiId: api.id, name: "$default", autoDeploy: true }, { provider: p });
    s.add(
        "aws:lambda/permission:Permission",
        `${name}-invoke`,
        { action: "lambda:InvokeFunction", function: fn.out("name"), principal: "apigateway.amazonaws.com", sourceArn: derived(UNKNOWN, api) },
        { provider: p },
    );
    return api;
}

/** Keys per region, each with an alias: what a platform team provisions before any data lands. */
export function regionalKeys(s: Stack, regions: string[]): Record<string, Res> {
    const keys: Record<string, Res> = {};
    for (const region of regions) {
        const p = s.aws(region);
        keys[region] = kmsKey(s, `platform-${region}`, p);
        s.add("aws:kms/alias:Alias", `platform-${region}-alias`, { name: `alias/platform-${region}`, targetKeyId: keys[region].id }, { provider: p });
    }
    return keys;
}

/** A VCN with a private and a public subnet, gateways, a route table and a security list. */
export function ociNetwork(s: Stack, p: Res, prefix: string, cidr: string): { vcn: Res; privateSubnet: Res; publicSubnet: Res } {
    const vcn = s.add(
        "oci:Core/vcn:Vcn",
        `${prefix}-vcn`,
        { compartmentId: COMPARTMENT, cidrBlocks: [`${cidr}.0.0/16`], displayName: `${prefix}-vcn`, dnsLabel: prefix.replace(/-/g, "") },
        { provider: p },
    );
    const igw = s.add(
        "oci:Core/internetGateway:InternetGateway",
        `${prefix}-igw`,
        { compartmentId: COMPARTMENT, vcnId: vcn.id, enabled: true },
        { provider: p },
    );
    const nat = s.add("oci:Core/natGateway:NatGateway", `${prefix}-nat`, { compartmentId: COMPARTMENT, vcnId: vcn.id }, { provider: p });
    const rt = s.add(
        "oci:Core/routeTable:RouteTable",
        `${prefix}-private-rt`,
        { compartmentId: COMPARTMENT, vcnId: vcn.id, routeRules: [{ destination: "0.0.0.0/0", destinationType: "CIDR_BLOCK", networkEntityId: nat.id }] },
        { provider: p },
    );
    const sl = s.add(
        "oci:Core/securityList:SecurityList",
        `${prefix}-private-sl`,
        {
            compartmentId: COMPARTMENT,
            vcnId: vcn.id,
            ingressSecurityRules: [{ protocol: "6", source: `${cidr}.0.0/16`, tcpOptions: { min: 443, max: 443 } }],
            egressSecurityRules: [{ protocol: "all", destination: "0.0.0.0/0" }],
        },
        { provider: p },
    );
    const privateSubnet = s.add(
        "oci:Core/subnet:Subnet",
        `${prefix}-private`,
        { compartmentId: COMPARTMENT, vcnId: vcn.id, cidrBlock: `${cidr}.1.0/24`, prohibitPublicIpOnVnic: true, routeTableId: rt.id, securityListIds: [sl.id] },
        { provider: p },
    );
    const publicSubnet = s.add(
        "oci:Core/subnet:Subnet",
        `${prefix}-public`,
        { compartmentId: COMPARTMENT, vcnId: vcn.id, cidrBlock: `${cidr}.100.0/24`, routeTableId: derived(UNKNOWN, igw) },
        { provider: p },
    );
    return { vcn, privateSubnet, publicSubnet };
}

/** OCI IAM for US user data: custodians manage it, auditors read audit events. */
export function ociCustodianPolicy(s: Stack, p: Res, name: string, extra: string[] = []): Res {
    return s.add(
        "oci:Identity/policy:Policy",
        name,
        {
            compartmentId: COMPARTMENT,
            name,
            description: "US user data: custodians and auditors only",
            statements: [
                "Allow group us-data-custodians to manage object-family in compartment us-data",
                "Allow group us-data-custodians to manage autonomous-database-family in compartment us-data",
                "Allow group us-data-auditors to read audit-events in tenancy",
                ...extra,
            ],
        },
        { provider: p },
    );
}

export const accountArn = (service: string, region: string, resource: string) => `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
