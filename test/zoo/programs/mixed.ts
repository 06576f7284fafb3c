/** Stacks that span both clouds, as the production platform does. */
import { bucket, dynamoTable, kmsKey, ociAdb, ociAudit, ociBucket, ociKey } from "../../evasion/dsl/blocks";
import { COMPARTMENT, NO_USER_DATA, NON_US } from "../../evasion/dsl/stack";
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
];
