import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { deployerStatements, previewerStatements } from "../guardrails/ociGuardrails";
import { requireProvider } from "../components/requireProvider";

export interface OciCiAccessArgs {
    readonly tenancyId: string;
    /** The tenancy's home region key ('iad'): identity writes happen there. */
    readonly homeRegionKey: string;
    /** OCI region keys approved for US user data (infra/guardrails/approvals.ts). */
    readonly regionKeys: readonly string[];
    /** Each deployed stack and the one compartment its deployer may write. */
    readonly environments: readonly { readonly stack: string; readonly compartmentId: string }[];
}

/**
 * The OCI groups of the CI users and what they may do: per stack a deployer group confined to that stack's
 * compartment and to the approved regions, and one previewer group that reads metadata only. The API-key users are
 * added to the groups by a tenancy administrator (docs/RUNBOOK.md, "CI settings"). Pass the home region's provider.
 */
export class OciCiAccess extends pulumi.ComponentResource {
    static readonly TYPE = "residency:bootstrap:OciCiAccess";

    readonly deployerGroups: Record<string, oci.identity.Group>;
    readonly previewerGroup: oci.identity.Group;
    readonly policy: oci.identity.Policy;

    constructor(name: string, args: OciCiAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super(OciCiAccess.TYPE, name, {}, opts);
        requireProvider(this, "oci", OciCiAccess.TYPE);
        const child = { parent: this };
        const group = (groupName: string, description: string) =>
            new oci.identity.Group(`${name}-${groupName}`, { compartmentId: args.tenancyId, name: groupName, description }, child);

        this.deployerGroups = {};
        const statements: string[] = [];
        for (const env of args.environments) {
            const groupName = `residency-deployers-${env.stack}`;
            this.deployerGroups[env.stack] = group(groupName, `CI deploy user of ${env.stack}: its compartment, approved regions only`);
            statements.push(
                ...deployerStatements({ group: groupName, compartmentId: env.compartmentId, regionKeys: args.regionKeys, homeRegionKey: args.homeRegionKey }),
            );
        }
        const previewerName = "residency-previewers";
        this.previewerGroup = group(previewerName, "CI read-only user: pull-request previews and the nightly audit; metadata only");
        statements.push(
            ...previewerStatements(
                previewerName,
                args.environments.map((e) => e.compartmentId),
                args.regionKeys,
            ),
        );

        this.policy = new oci.identity.Policy(
            `${name}-policy`,
            {
                compartmentId: args.tenancyId,
                name: "residency-ci",
                description: "CI users of us-data-residency: approved compartments and regions only",
                statements,
            },
            { ...child, dependsOn: [...Object.values(this.deployerGroups), this.previewerGroup] },
        );

        this.registerOutputs({
            deployerGroupIds: Object.fromEntries(Object.entries(this.deployerGroups).map(([stack, g]) => [stack, g.id])),
            previewerGroupId: this.previewerGroup.id,
            policyId: this.policy.id,
        });
    }
}
