/**
 * OCI IAM statements of the CI users, scoped to the approved compartments and the OCI regions approved for US user
 * data (approvals.ts, from the pack's settings), and the tenancy's deny statements that back them. Pure: no Pulumi
 * resources; the bootstrap stack, the doc renderer and the tests share them.
 *
 * `request.region` is the region a request is made in, by its three-letter key in lower case ('iad', 'phx').
 */

/**
 * What a deploy of the main program does in its compartment (docs/RUNBOOK.md, "The OCI deploy user's permissions"):
 * buckets and their replication policy (no objects: the deployer never reads or writes user data), vaults and keys,
 * delegating a key to Object Storage (a bucket with `kmsKeyId`), DNS.
 */
export const DEPLOYER_GRANTS: readonly string[] = ["manage buckets", "manage vaults", "manage keys", "use key-delegate", "manage dns"];
/** What a preview may look at: metadata, never an object. */
export const PREVIEWER_RESOURCE_TYPES: readonly string[] = ["buckets", "vaults", "keys", "dns"];

/** `request.region = 'iad'`, or `any {...}` of several. */
export function regionCondition(keys: readonly string[]): string {
    if (keys.length === 0) throw new Error("no OCI region approved for us-user-data: nothing can be granted");
    const clauses = keys.map((k) => `request.region = '${k}'`);
    return clauses.length === 1 ? clauses[0]! : `any {${clauses.join(", ")}}`;
}

const SAFE_NAME = /^[A-Za-z0-9._-]+$/;
const OCID = /^ocid1\.[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9-]*\.[A-Za-z0-9._-]+$/;

function checked(group: string, compartmentIds: readonly string[]): void {
    if (!SAFE_NAME.test(group)) throw new Error(`OCI group name '${group}' may only hold [A-Za-z0-9._-]`);
    for (const c of compartmentIds) if (!OCID.test(c)) throw new Error(`'${c}' is not an OCID`);
}

export interface DeployerScope {
    readonly group: string;
    /** The compartment of the stack this group deploys: its only compartment. */
    readonly compartmentId: string;
    /** Region keys approved for US user data. */
    readonly regionKeys: readonly string[];
    /** The tenancy's home region key: OCI takes identity writes (groups, policies) only there. */
    readonly homeRegionKey: string;
}

/**
 * The deployer of one stack: its resource types in its compartment, in approved regions only; the groups, policies and
 * audit retention the program writes in the tenancy, from the home region only, never the Administrators group.
 */
export function deployerStatements(scope: DeployerScope): string[] {
    checked(scope.group, [scope.compartmentId]);
    const where = regionCondition(scope.regionKeys);
    return [
        ...DEPLOYER_GRANTS.map((g) => `Allow group ${scope.group} to ${g} in compartment id ${scope.compartmentId} where ${where}`),
        `Allow group ${scope.group} to manage groups in tenancy where all {request.region = '${scope.homeRegionKey}', target.group.name != 'Administrators'}`,
        `Allow group ${scope.group} to manage policies in tenancy where request.region = '${scope.homeRegionKey}'`,
        // oci.Audit.Configuration (the tenancy's audit retention).
        `Allow group ${scope.group} to manage tenancies in tenancy where request.region = '${scope.homeRegionKey}'`,
    ];
}

/** The previewer (pull requests, audit): metadata of the approved compartments, in approved regions; no object, no key use. */
export function previewerStatements(group: string, compartmentIds: readonly string[], regionKeys: readonly string[]): string[] {
    checked(group, compartmentIds);
    const where = regionCondition(regionKeys);
    return [
        ...compartmentIds.flatMap((c) => PREVIEWER_RESOURCE_TYPES.map((t) => `Allow group ${group} to read ${t} in compartment id ${c} where ${where}`)),
        `Allow group ${group} to inspect compartments in tenancy`,
    ];
}

/**
 * The tenancy guardrail (IAM deny policies, written at the root by the tenancy administrator): nothing at all in a
 * region not approved for US user data, for any user, any group and any service. OCI exempts its default
 * Administrators group from deny statements.
 */
export function tenancyDenyStatements(regionKeys: readonly string[]): string[] {
    if (regionKeys.length === 0) throw new Error("no OCI region approved for us-user-data");
    const clauses = regionKeys.map((k) => `request.region != '${k}'`);
    const where = clauses.length === 1 ? clauses[0] : `all {${clauses.join(", ")}}`;
    return [`Deny any-user to manage all-resources in tenancy where ${where}`];
}
