import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { dataClassLabels } from "../labels";
import { requireProvider } from "./requireProvider";

/** GeoNames id of the United States, as used by OCI Traffic Management geolocation keys. */
export const US_GEO_KEY = "6252001";
/** Pool of the answers that point at OCI US endpoints. */
export const OCI_US_POOL = "oci-us";

/** Arguments of {@link OciTrafficSteering}. */
export interface OciTrafficSteeringArgs {
    /** OCID of the compartment holding the zone and the steering policy. */
    compartmentId: pulumi.Input<string>;
    /** Public DNS zone to create, e.g. `us.example.com`. */
    zoneName: string;
    /** Host label inside the zone that the policy answers; the steered domain is `<hostLabel>.<zoneName>`. */
    hostLabel: string;
    /** Public IPv4 addresses of the OCI US endpoints. They are the only answers the policy can give. */
    ociUsEndpoints: readonly string[];
    /** TTL of the answers in seconds. Default: 60. */
    ttl?: number;
    /** Maximum number of answers per response. Default: 1. */
    maxAnswers?: number;
    /** Extra freeform tags for the zone and the policy. */
    freeformTags?: Record<string, string>;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Geolocation traffic steering in OCI DNS: a public zone and a `ROUTE_BY_GEO` steering policy,
 * attached to `<hostLabel>.<zoneName>`, whose answers are OCI US endpoints only; queries from the
 * United States are steered to them explicitly. Pass the OCI provider in the resource options.
 */
export class OciTrafficSteering extends pulumi.ComponentResource {
    static readonly TYPE = "residency:oci:TrafficSteering";

    readonly zone: oci.dns.Zone;
    readonly policy: oci.dns.SteeringPolicy;
    readonly attachment: oci.dns.SteeringPolicyAttachment;
    /** The steered domain, `<hostLabel>.<zoneName>`. */
    readonly domainName: string;

    constructor(name: string, args: OciTrafficSteeringArgs, opts?: pulumi.ComponentResourceOptions) {
        super(OciTrafficSteering.TYPE, name, {}, opts);
        requireProvider(this, "oci", OciTrafficSteering.TYPE);
        const where = `${OciTrafficSteering.TYPE} ${name}`;

        if (args.ociUsEndpoints.length === 0) throw new Error(`${where}: at least one OCI US endpoint is required`);
        const bad = args.ociUsEndpoints.filter((ip) => !IPV4.test(ip));
        if (bad.length > 0) throw new Error(`${where}: not IPv4 addresses: ${bad.join(", ")}`);
        if (new Set(args.ociUsEndpoints).size !== args.ociUsEndpoints.length) throw new Error(`${where}: duplicate endpoints`);

        const child = { parent: this };
        // DNS holds no user data.
        const freeformTags = dataClassLabels("no-user-data", args.freeformTags);
        this.domainName = `${args.hostLabel}.${args.zoneName}`;

        this.zone = new oci.dns.Zone(`${name}-zone`, { compartmentId: args.compartmentId, name: args.zoneName, zoneType: "PRIMARY", freeformTags }, child);

        const poolIsOciUs = `answer.pool == '${OCI_US_POOL}'`;
        this.policy = new oci.dns.SteeringPolicy(
            `${name}-policy`,
            {
                compartmentId: args.compartmentId,
                displayName: `${this.domainName} US users to OCI US`,
                template: "ROUTE_BY_GEO",
                ttl: args.ttl ?? 60,
                answers: args.ociUsEndpoints.map((ip, i) => ({
                    name: `oci-us-${i + 1}`,
                    rtype: "A",
                    rdata: ip,
                    pool: OCI_US_POOL,
                    isDisabled: false,
                })),
                rules: [
                    {
                        ruleType: "FILTER",
                        defaultAnswerDatas: [{ answerCondition: "answer.isDisabled != true", shouldKeep: true }],
                    },
                    {
                        ruleType: "PRIORITY",
                        description: "Queries from the United States are answered by OCI US endpoints",
                        cases: [
                            {
                                caseCondition: `query.client.geoKey in (geoKey '${US_GEO_KEY}')`,
                                answerDatas: [{ answerCondition: poolIsOciUs, value: 1 }],
                            },
                        ],
                    },
                    { ruleType: "LIMIT", defaultCount: args.maxAnswers ?? 1 },
                ],
                freeformTags,
            },
            child,
        );

        this.attachment = new oci.dns.SteeringPolicyAttachment(
            `${name}-attachment`,
            {
                displayName: this.domainName,
                domainName: this.domainName,
                steeringPolicyId: this.policy.id,
                zoneId: this.zone.id,
            },
            child,
        );

        this.registerOutputs({
            zoneId: this.zone.id,
            steeringPolicyId: this.policy.id,
            domainName: this.domainName,
        });
    }
}
