/** Stacks that span both clouds, as the production platform does. */
import { bucket, dataEventTrail, dataSyncS3Location, dynamoTable, kmsKey, ociAdb, ociAudit, ociBucket, ociKey, roleArn } from "../../evasion/dsl/blocks";
import { COMPARTMENT, NO_USER_DATA, NON_US, US } from "../../evasion/dsl/stack";
import { alarmTopic, lambdaService, ociCustodianPolicy, ociNetwork } from "../platform";
import type { ZooProgram } from "../program";

export const mixedPrograms: ZooProgram[] = [
    {
        name: "oci-us-data-with-aws-edge",
        what: "US user data in an OCI Ashburn database and bucket; AWS us-east-1 holds only DNS, a certificate and a no-user-data static bucket",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const ash = s.oci("us-ashburn-1");
            ociAudit(s, ash);
            const key = ociKey(s, "us-data", ash);
            const net = ociNetwork(s, ash, "core", "10.80");
            ociAdb(s, "profiles-adb", ash, key, undefined, { subnetId: net.privateSubnet.id });
            ociBucket(s, "profiles-media", ash, key);
            ociCustodianPolicy(s, ash, "us-data-access");
            const va = s.aws("us-east-1");
            const webKey = kmsKey(s, "web", va);
            bucket(s, "static-site", va, webKey, NO_USER_DATA);
            s.add("aws:acm/certificate:Certificate", "app-cert", { domainName: "app.acme.example", validationMethod: "DNS" }, { provider: va });
            const zone = s.add("aws:route53/zone:Zone", "acme-example", { name: "acme.example" });
            s.add("aws:route53/record:Record", "app-to-oci", {
                zoneId: zone.id,
                name: "app.acme.example",
                type: "CNAME",
                ttl: 60,
                records: ["app.us-ashburn-1.oci.acme.example"],
            });
        },
    },
    {
        name: "us-on-oci-non-us-on-aws-singapore",
        what: "the regional split: US profiles on OCI Ashburn, non-US profiles on AWS Singapore with a Lambda, logs and alarms there",
        holds: ["us-user-data", "non-us-user-data"],
        build: (s) => {
            const ash = s.oci("us-ashburn-1");
            ociAudit(s, ash);
            const key = ociKey(s, "us-data", ash);
            ociBucket(s, "us-profiles", ash, key);
            ociCustodianPolicy(s, ash, "us-data-access");
            const sg = s.aws("ap-southeast-1");
            const apacKey = kmsKey(s, "apac-data", sg);
            const table = dynamoTable(s, "apac-profiles", sg, apacKey, NON_US);
            const topic = alarmTopic(s, sg, "apac-alarms");
            lambdaService(s, sg, "apac-profiles-api", { logClass: NON_US, topic, env: { TABLE: table.out("name") } });
        },
    },
    {
        name: "dns-steering-us-to-oci",
        what: "an OCI DNS steering policy that answers US users with OCI endpoints and everyone else with the AWS Singapore load balancer",
        holds: ["us-user-data"],
        build: (s) => {
            const ash = s.oci("us-ashburn-1");
            ociAudit(s, ash);
            const key = ociKey(s, "us-data", ash);
            ociBucket(s, "profiles", ash, key);
            ociCustodianPolicy(s, ash, "us-data-access");
            const zone = s.add(
                "oci:Dns/zone:Zone",
                "acme-example",
                { compartmentId: COMPARTMENT, name: "acme.example", zoneType: "PRIMARY" },
                { provider: ash },
            );
            const policy = s.add(
                "oci:Dns/steeringPolicy:SteeringPolicy",
                "geo-steering",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "geo-steering",
                    template: "ROUTE_BY_GEO",
                    answers: [
                        { name: "oci-iad", rtype: "A", rdata: "203.0.113.10", pool: "oci" },
                        { name: "aws-sin", rtype: "CNAME", rdata: "apac-alb-123.ap-southeast-1.elb.amazonaws.com.", pool: "aws" },
                    ],
                    rules: [
                        {
                            ruleType: "FILTER",
                            defaultAnswerDatas: [{ answerCondition: "answer.isDisabled != true", shouldKeep: true }],
                        },
                        {
                            ruleType: "PRIORITY",
                            cases: [
                                { caseCondition: "query.client.geoKey in (6252001)", answerDatas: [{ answerCondition: "answer.pool == 'oci'", value: 1 }] },
                                { answerDatas: [{ answerCondition: "answer.pool == 'aws'", value: 1 }] },
                            ],
                        },
                    ],
                },
                { provider: ash },
            );
            s.add(
                "oci:Dns/steeringPolicyAttachment:SteeringPolicyAttachment",
                "geo-steering-www",
                { steeringPolicyId: policy.id, zoneId: zone.id, domainName: "www.acme.example", displayName: "www" },
                { provider: ash },
            );
            ociNetwork(s, ash, "web", "10.90");
        },
    },
    {
        name: "oci-to-aws-us-east-1-datasync",
        what: "US exports moved from an OCI Ashburn bucket (S3-compatible endpoint) to a US bucket in us-east-1 by AWS DataSync: both ends approved",
        holds: ["us-user-data"],
        build: (s) => {
            const ash = s.oci("us-ashburn-1");
            ociAudit(s, ash);
            const ociDataKey = ociKey(s, "us-data", ash);
            const source = ociBucket(s, "exports", ash, ociDataKey);
            ociCustodianPolicy(s, ash, "us-data-access");
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data-aws", va);
            const target = bucket(s, "exports-aws", va, key);
            dataEventTrail(s, va, key);
            const agent = s.add(
                "aws:datasync/agent:Agent",
                "oci-exports-agent",
                { name: "oci-exports-agent", activationKey: "ABCDE-12345-FGHIJ-67890-KLMNO", tags: US },
                { provider: va },
            );
            const from = s.add(
                "aws:datasync/locationObjectStorage:LocationObjectStorage",
                "oci-exports",
                {
                    serverHostname: "acmecorp.compat.objectstorage.us-ashburn-1.oraclecloud.com",
                    serverProtocol: "HTTPS",
                    bucketName: source.out("name"),
                    accessKey: "datasync",
                    secretKey: "x",
                    agentArns: [agent.arn],
                },
                { provider: va },
            );
            const to = dataSyncS3Location(s, "aws-exports", target, va);
            s.add(
                "aws:datasync/task:Task",
                "exports-to-aws",
                { name: "exports-to-aws", sourceLocationArn: from.arn, destinationLocationArn: to.arn },
                { provider: va },
            );
        },
    },
    {
        name: "non-us-data-replicated-into-us-east-1",
        what: "non-US orders in Singapore replicated to a bucket in us-east-1 (approved for non-US user data too), with DynamoDB replicas the same way",
        holds: ["non-us-user-data"],
        build: (s) => {
            const sg = s.aws("ap-southeast-1");
            const va = s.aws("us-east-1");
            const apacKey = kmsKey(s, "apac-data", sg);
            const usKey = kmsKey(s, "apac-dr", va);
            const orders = bucket(s, "apac-orders", sg, apacKey, NON_US);
            const dr = bucket(s, "apac-orders-dr", va, usKey, NON_US);
            s.add(
                "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                "apac-orders-replication",
                {
                    bucket: orders.out("bucket"),
                    role: roleArn("s3-replication"),
                    rules: [{ id: "dr", status: "Enabled", filter: {}, deleteMarkerReplication: { status: "Enabled" }, destination: { bucket: dr.arn } }],
                },
                { provider: sg },
            );
            dynamoTable(s, "apac-carts", sg, apacKey, NON_US, {
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                replicas: [{ regionName: "us-east-1", kmsKeyArn: usKey.arn }],
            });
        },
    },
    {
        name: "no-user-data-config-everywhere",
        what: "feature flags and static configuration (no user data) replicated from us-east-1 to Singapore and Ireland, next to US data that stays home",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            dynamoTable(s, "us-users", va, key);
            const flags = bucket(s, "feature-flags", va, key, NO_USER_DATA);
            const rules = ["ap-southeast-1", "eu-west-1"].map((region, i) => {
                const p = s.aws(region);
                const copy = bucket(s, `feature-flags-${region}`, p, kmsKey(s, `flags-${region}`, p), NO_USER_DATA);
                return {
                    id: region,
                    priority: i + 1,
                    status: "Enabled",
                    filter: {},
                    deleteMarkerReplication: { status: "Enabled" },
                    destination: { bucket: copy.arn },
                };
            });
            s.add(
                "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                "feature-flags-replication",
                { bucket: flags.out("bucket"), role: roleArn("s3-replication"), rules },
                { provider: va },
            );
        },
    },
];
