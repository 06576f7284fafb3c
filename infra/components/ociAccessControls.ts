import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { requireProvider } from "./requireProvider";

/** Arguments of {@link OciAccessControls}. */
export interface OciAccessControlsArgs {
    /** OCID of the tenancy: holds the groups and the policies. */
    tenancyId: pulumi.Input<string>;
    /** OCID of the compartment holding the US user data buckets. */
    compartmentId: pulumi.Input<string>;
    /** Name of the US data custodian group to create; it may read and manage US user data objects. */
    custodianGroupName: string;
    /** Name of the auditor group to create; it may read the tenancy audit events. */
    auditorGroupName: string;
    /**
     * The buckets holding US user data; custodian grants are limited to them. Select a bucket by
     * exact name, or by name prefix (`target.bucket.name = /<prefix>*\/`): a prefix keeps the
     * statements literal, so they can be checked at the first preview, when generated names are
     * not known yet.
     */
    usUserDataBuckets: BucketSelector[];
    /**
     * Groups of non-US staff. No statement may name one of them: construction throws if the
     * custodian or auditor group is one of these (compared case-insensitively, as OCI does).
     */
    nonUsStaffGroupNames: readonly string[];
    /** Prefix of the policy names, e.g. `us-data-residency-prod`. Policy names are unique per tenancy. */
    namePrefix: string;
    /** Extra freeform tags for the groups and policies. */
    freeformTags?: Record<string, string>;
}

/** Selects buckets in a policy condition: by exact name or by name prefix. */
export type BucketSelector = { readonly name: pulumi.Input<string> } | { readonly namePrefix: string };

const SAFE_PREFIX = /^[A-Za-z0-9._-]+$/;

/** The `where` clause that limits a statement to the given buckets (names already resolved). */
export function bucketCondition(selectors: ReadonlyArray<{ name: string } | { namePrefix: string }>): string {
    const parts = selectors.map((s) => {
        if ("namePrefix" in s) {
            if (!SAFE_PREFIX.test(s.namePrefix)) throw new Error(`bucket name prefix '${s.namePrefix}' may only hold [A-Za-z0-9._-]`);
            return `target.bucket.name = /${s.namePrefix}*/`;
        }
        return `target.bucket.name = '${s.name}'`;
    });
    return parts.length === 1 ? parts[0]! : `any {${parts.join(", ")}}`;
}

/**
 * Returns the group that an OCI policy statement of the form `Allow group <name> to ...` grants
 * to, or undefined for statements that grant to something else (a service, a dynamic group...).
 */
export function granteeGroup(statement: string): string | undefined {
    const match = /^\s*allow\s+group\s+(?:'[^']*'\/)?'?([^'\s]+)'?\s+to\s/i.exec(statement);
    return match?.[1];
}

/** Throws if a group among `grantees` is a non-US staff group. */
export function assertNoNonUsGrantee(grantees: readonly string[], nonUsStaffGroupNames: readonly string[], where: string): void {
    const forbidden = new Set(nonUsStaffGroupNames.map((g) => g.toLowerCase()));
    const offending = grantees.filter((g) => forbidden.has(g.toLowerCase()));
    if (offending.length > 0) {
        throw new Error(
            `${where}: refusing to grant access to non-US staff group(s) ${offending.join(", ")}. ` +
                `Use a custodian/auditor group that is not listed in nonUsStaffGroupNames.`,
        );
    }
}

/**
 * Statements of the custodian policy: US user data buckets only, in one compartment. No `inspect buckets`:
 * listing the compartment's buckets cannot be limited by bucket name (ListBuckets has no target bucket), so
 * it would show every bucket name in the compartment. Custodians reach the buckets by name (the stack output
 * `bucketNames`), which `read buckets` and `manage objects` cover.
 */
export function custodianStatements(group: string, compartmentId: string, bucketWhere: string): string[] {
    return [
        `Allow group ${group} to read buckets in compartment id ${compartmentId} where ${bucketWhere}`,
        `Allow group ${group} to manage objects in compartment id ${compartmentId} where ${bucketWhere}`,
    ];
}

/** Statements of the auditor policy. */
export function auditorStatements(group: string): string[] {
    return [`Allow group ${group} to read audit-events in tenancy`];
}

/**
 * OCI IAM access to US user data: a custodian group that may read and manage objects of the US
 * user data buckets only, and an auditor group that may read the tenancy audit events. Pass the
 * OCI provider of the home region in the resource options.
 */
export class OciAccessControls extends pulumi.ComponentResource {
    static readonly TYPE = "residency:oci:AccessControls";

    readonly custodianGroup: oci.identity.Group;
    readonly auditorGroup: oci.identity.Group;
    readonly custodianPolicy: oci.identity.Policy;
    readonly auditorPolicy: oci.identity.Policy;

    constructor(name: string, args: OciAccessControlsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(OciAccessControls.TYPE, name, {}, opts);
        requireProvider(this, "oci", OciAccessControls.TYPE);
        const where = `${OciAccessControls.TYPE} ${name}`;

        if (args.custodianGroupName.toLowerCase() === args.auditorGroupName.toLowerCase()) {
            throw new Error(`${where}: custodian and auditor groups must differ (both are ${args.custodianGroupName})`);
        }
        if (args.usUserDataBuckets.length === 0) {
            throw new Error(`${where}: usUserDataBuckets must select at least one bucket`);
        }
        for (const s of args.usUserDataBuckets) {
            if ("namePrefix" in s && !SAFE_PREFIX.test(s.namePrefix)) {
                throw new Error(`${where}: bucket name prefix '${s.namePrefix}' may only hold [A-Za-z0-9._-]`);
            }
        }
        // Every grant below names one of these two groups and nothing else.
        assertNoNonUsGrantee([args.custodianGroupName, args.auditorGroupName], args.nonUsStaffGroupNames, where);

        const child = { parent: this };
        const freeformTags = args.freeformTags ?? {};

        this.custodianGroup = new oci.identity.Group(
            `${name}-custodians`,
            {
                compartmentId: args.tenancyId,
                name: args.custodianGroupName,
                description: "US staff who may read and manage US user data objects",
                freeformTags,
            },
            child,
        );
        this.auditorGroup = new oci.identity.Group(
            `${name}-auditors`,
            {
                compartmentId: args.tenancyId,
                name: args.auditorGroupName,
                description: "Auditors who may read the tenancy audit events",
                freeformTags,
            },
            child,
        );

        const custodianGroupName = args.custodianGroupName;
        this.custodianPolicy = new oci.identity.Policy(
            `${name}-custodians-policy`,
            {
                compartmentId: args.tenancyId,
                name: `${args.namePrefix}-us-data-custodians`,
                description: "US data custodians: read and manage objects of the US user data buckets only",
                statements: pulumi
                    .all([args.compartmentId, pulumi.all(args.usUserDataBuckets.map((s) => pulumi.output(s)))])
                    .apply(([compartmentId, buckets]) => custodianStatements(custodianGroupName, compartmentId, bucketCondition(buckets))),
                freeformTags,
            },
            { ...child, dependsOn: [this.custodianGroup] },
        );
        this.auditorPolicy = new oci.identity.Policy(
            `${name}-auditors-policy`,
            {
                compartmentId: args.tenancyId,
                name: `${args.namePrefix}-us-data-auditors`,
                description: "Auditors: read the tenancy audit events",
                statements: auditorStatements(args.auditorGroupName),
                freeformTags,
            },
            { ...child, dependsOn: [this.auditorGroup] },
        );

        this.registerOutputs({
            custodianGroupId: this.custodianGroup.id,
            auditorGroupId: this.auditorGroup.id,
            custodianPolicyId: this.custodianPolicy.id,
            auditorPolicyId: this.auditorPolicy.id,
        });
    }
}
