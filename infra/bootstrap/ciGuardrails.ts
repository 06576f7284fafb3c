/**
 * The CI identities of us-data-residency and their guardrails, from the bootstrap stack's config: the AWS roles
 * GitHub Actions assumes (ciRoles.ts) and the OCI groups of the CI users (ociCiAccess.ts). The regions they allow are
 * the residency pack's approved locations of each stack (`stacks/policy-config.<stack>.json` over the pack's defaults),
 * so the guardrails and the pack can never disagree about where US user data may go.
 */
import * as aws from "@pulumi/aws";
import * as oci from "@pulumi/oci";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { awsRegionApprovals, ociUsRegionKeys, settingsFromPolicyConfig } from "../guardrails/approvals";
import { ociRegionKey } from "../../policies/model/regions";
import { CiRoles } from "./ciRoles";
import { OciCiAccess } from "./ociCiAccess";

/** Where the stacks' policy configs are: the main project's `stackConfigDir`. */
const STACKS_DIR = path.resolve(__dirname, "..", "..", "stacks");
const STACK_NAME = /^[a-z0-9][a-z0-9-]{0,40}$/;

export interface CiGuardrailsInput {
    readonly awsProvider: aws.Provider;
    readonly accountId: string;
    readonly region: string;
    readonly stateBucketName: string;
    readonly keyAliases: readonly string[];
}

/** `config`: the bootstrap project's (`residency-bootstrap:*`); a test passes its own. */
export function ciGuardrails(input: CiGuardrailsInput, config: pulumi.Config = new pulumi.Config()): { roles: CiRoles; oci: OciCiAccess } {
    const repository = config.require("githubRepository");
    const tenancyId = config.require("ociTenancyOcid");
    const homeRegion = config.require("ociHomeRegion");
    const homeRegionKey = ociRegionKey(homeRegion)?.toLowerCase();
    if (!homeRegionKey) throw new Error(`residency-bootstrap:ociHomeRegion '${homeRegion}' is not a known OCI region`);
    const environments = config.requireObject<Record<string, { ociCompartmentOcid?: unknown }>>("environments");
    const stacks = Object.keys(environments).sort();
    if (stacks.length === 0) throw new Error("residency-bootstrap:environments lists no stack");
    for (const stack of stacks) {
        if (!STACK_NAME.test(stack)) throw new Error(`residency-bootstrap:environments: '${stack}' is not a stack name`);
        if (typeof environments[stack]?.ociCompartmentOcid !== "string")
            throw new Error(`residency-bootstrap:environments.${stack}.ociCompartmentOcid must be the OCID of its compartment`);
    }
    const settings = Object.fromEntries(stacks.map((s) => [s, settingsFromPolicyConfig(path.join(STACKS_DIR, `policy-config.${s}.json`))]));

    const roles = new CiRoles(
        "ci",
        {
            repository,
            state: { accountId: input.accountId, region: input.region, stateBucket: input.stateBucketName, keyAliases: input.keyAliases },
            environments: stacks.map((stack) => ({ stack, approvals: awsRegionApprovals(settings[stack]!) })),
        },
        { provider: input.awsProvider },
    );

    // OCI grants one set of regions to every deployer: those every stack approves for US user data.
    const keysPerStack = stacks.map((s) => ociUsRegionKeys(settings[s]!).map((r) => r.key));
    const regionKeys = keysPerStack[0]!.filter((k) => keysPerStack.every((keys) => keys.includes(k)));
    const ociHome = new oci.Provider("ci-oci-home", { region: homeRegion });
    const ociAccess = new OciCiAccess(
        "ci-oci",
        {
            tenancyId,
            homeRegionKey,
            regionKeys,
            environments: stacks.map((stack) => ({ stack, compartmentId: environments[stack]!.ociCompartmentOcid as string })),
        },
        { provider: ociHome },
    );
    return { roles, oci: ociAccess };
}
