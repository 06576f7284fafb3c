/**
 * Who holds which AWS identity policy in a stack: the IAM policy resources and a role's inline policies with their
 * holders (a managed policy's are the roles, users and groups the stack attaches it to), and the managed policies
 * the stack attaches whose documents it does not hold.
 */
import { TYPE_TOKENS } from "./catalogue";
import { AWS_MANAGED_POLICIES_WITHOUT_DATA_ACCESS, awsManagedPolicyName } from "./awsGrants";
import type { ModelResource } from "./graph";
import type { StackModel } from "./stackModel";
import { elementsOf, get, isString, list, UNKNOWN } from "./unknown";

const IAM_DOC_TYPES = new Set<string>([TYPE_TOKENS.iamPolicy, TYPE_TOKENS.iamRolePolicy, TYPE_TOKENS.iamUserPolicy, TYPE_TOKENS.iamGroupPolicy]);
export const IAM_ROLE = "aws:iam/role:Role";

/** The roles of the stack approved by name or ARN, each with the names it is approved as (its name first). */
export function approvedRoles(model: StackModel, approved: ReadonlySet<string>): { role: ModelResource; approvedAs: string[] }[] {
    return model.index.resources
        .filter((r) => r.type === IAM_ROLE)
        .map((role) => ({ role, approvedAs: [get(role.props, "name"), get(role.props, "arn")].filter((v): v is string => isString(v) && approved.has(v)) }))
        .filter((r) => r.approvedAs.length > 0);
}

/** An IAM identity policy: the resource that carries it, its property, the document, and whom it grants to. */
export interface IdentityPolicy {
    carrier: ModelResource;
    prop: string;
    document: unknown;
    /** How a message names it. */
    label: string;
    /** The names of the roles, users or groups that hold it; UNKNOWN for one not known at preview. */
    holders: unknown[];
}

/**
 * Every way the stack gives managed policies to holders: the property that names the policy (or policies), and those
 * that name the holders. A role's own `managedPolicyArns` included.
 */
const POLICY_GRANTS: Record<string, { policies: string; holders: string[] }> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { policies: "policyArn", holders: ["role"] },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { policies: "policyArn", holders: ["user"] },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": { policies: "policyArn", holders: ["group"] },
    "aws:iam/policyAttachment:PolicyAttachment": { policies: "policyArn", holders: ["roles", "users", "groups"] },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": { policies: "policyArns", holders: ["roleName"] },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": { policies: "policyArns", holders: ["userName"] },
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": { policies: "policyArns", holders: ["groupName"] },
    [IAM_ROLE]: { policies: "managedPolicyArns", holders: ["name"] },
};

const STACK_POLICIES = new Set<string>([TYPE_TOKENS.iamPolicy]);
const ROLES = new Set([IAM_ROLE]);

/** One grant of managed policies: the resource that makes it, the policies it names (UNKNOWN where not known at preview), and the holders. */
interface PolicyGrant {
    at: ModelResource;
    prop: string;
    policies: unknown[];
    holders: unknown[];
}

function policyGrants(model: Pick<StackModel, "index">): PolicyGrant[] {
    const out: PolicyGrant[] = [];
    for (const r of model.index.resources) {
        if (!Object.hasOwn(POLICY_GRANTS, r.type)) continue;
        const { policies, holders } = POLICY_GRANTS[r.type];
        const given = list(r.props, policies);
        // A grant whose holders are not named (a role autonamed at preview) is held by someone not known at preview.
        const named = holders.flatMap((h) => elementsOf(get(r.props, h)));
        out.push({ at: r, prop: policies, policies: given === UNKNOWN ? [UNKNOWN] : given, holders: named.length > 0 ? named : [UNKNOWN] });
    }
    return out;
}

/** The policies of the stack a grant's value may name: the one it names, or, not known at preview, each it is built from. */
function stackPoliciesNamed(model: Pick<StackModel, "index">, grant: PolicyGrant, value: unknown): ModelResource[] {
    if (isString(value)) return model.index.matchValue(value, STACK_POLICIES);
    return value === UNKNOWN ? model.index.dependenciesOf(grant.at, grant.prop, STACK_POLICIES) : [];
}

/**
 * Who holds each managed policy of the stack: the roles, users and groups the stack gives it to. One given nowhere
 * in the stack is held by its own name, which is then what must be approved.
 */
function holdersOfManagedPolicies(model: Pick<StackModel, "index">): Map<ModelResource, unknown[]> {
    const out = new Map<ModelResource, unknown[]>();
    for (const grant of policyGrants(model)) {
        for (const value of grant.policies) {
            for (const policy of stackPoliciesNamed(model, grant, value)) {
                const holders = out.get(policy) ?? [];
                for (const h of grant.holders) if (!holders.includes(h)) holders.push(h);
                out.set(policy, holders);
            }
        }
    }
    return out;
}

/** The identity policies of the stack: the IAM policy resources, and the inline policies of roles. */
export function identityPolicies(model: Pick<StackModel, "index">): IdentityPolicy[] {
    const out: IdentityPolicy[] = [];
    const managedHolders = holdersOfManagedPolicies(model);
    for (const r of model.index.resources) {
        if (r.type === TYPE_TOKENS.iamPolicy) {
            out.push({
                carrier: r,
                prop: "policy",
                document: get(r.props, "policy"),
                label: `IAM policy '${r.name}'`,
                holders: managedHolders.get(r) ?? [get(r.props, "name")],
            });
        } else if (IAM_DOC_TYPES.has(r.type)) {
            const holder = get(r.props, "role") ?? get(r.props, "user") ?? get(r.props, "group");
            out.push({ carrier: r, prop: "policy", document: get(r.props, "policy"), label: `IAM policy '${r.name}'`, holders: [holder] });
        } else if (r.type === IAM_ROLE) {
            const inline = list(r.props, "inlinePolicies");
            (inline === UNKNOWN ? [UNKNOWN] : inline).forEach((entry, i) => {
                const name = get(entry, "name");
                const label = `inline policy ${isString(name) ? `'${name}'` : i} of IAM role '${r.name}'`;
                out.push({
                    carrier: r,
                    prop: "inlinePolicies",
                    document: entry === UNKNOWN ? UNKNOWN : get(entry, "policy"),
                    label,
                    holders: [get(r.props, "name")],
                });
            });
        }
    }
    return out;
}

/** Managed policies whose documents are not in the stack, given to the same holders through one role or attachment. */
export interface ForeignPolicyGrant {
    /** The role that holds them (through its `managedPolicyArns` or attachments), or an attachment no role of the stack is behind. */
    at: ModelResource;
    /** How a message names each policy. */
    policies: string[];
    holders: unknown[];
}

/** How a message names a policy whose document is not in the stack; undefined for one that is, or that reaches no store. */
function foreignPolicy(model: StackModel, grant: PolicyGrant, value: unknown): string | undefined {
    if (!isString(value)) {
        const builtFromStackPolicy = model.index.dependenciesOf(grant.at, grant.prop, STACK_POLICIES).length > 0;
        return builtFromStackPolicy ? undefined : "a managed policy whose ARN is not known at preview";
    }
    const awsManaged = awsManagedPolicyName(value);
    if (awsManaged !== undefined)
        return Object.hasOwn(AWS_MANAGED_POLICIES_WITHOUT_DATA_ACCESS, awsManaged) ? undefined : `the AWS managed policy '${awsManaged}'`;
    return stackPoliciesNamed(model, grant, value).length > 0 ? undefined : `the policy '${value}', which is not in the stack`;
}

/**
 * Managed policies the stack gives (a role's `managedPolicyArns`, the attachments) whose documents it does not hold:
 * AWS's own, but for the few that reach no store; another account's or one created elsewhere; one whose ARN is not
 * known at preview and no policy of the stack is behind. One grant per role of the stack that holds any, else per
 * attachment.
 */
export function foreignPolicyGrants(model: StackModel): ForeignPolicyGrant[] {
    const byHolder = new Map<ModelResource, ForeignPolicyGrant>();
    for (const grant of policyGrants(model)) {
        const policies = grant.policies.map((v) => foreignPolicy(model, grant, v)).filter((p): p is string => p !== undefined);
        if (policies.length === 0) continue;
        const holderProps = POLICY_GRANTS[grant.at.type].holders;
        const role =
            grant.at.type === IAM_ROLE ? grant.at : holderProps.length === 1 ? model.index.dependenciesOf(grant.at, holderProps[0], ROLES)[0] : undefined;
        const at = role ?? grant.at;
        const entry = byHolder.get(at) ?? { at, policies: [], holders: [] };
        byHolder.set(at, entry);
        for (const p of policies) if (!entry.policies.includes(p)) entry.policies.push(p);
        for (const h of grant.holders) if (!entry.holders.includes(h)) entry.holders.push(h);
    }
    return [...byHolder.values()];
}

/** A user put in a group by the stack: the resource that does it, the user and the group, as written. */
export interface GroupMembership {
    at: ModelResource;
    user: unknown;
    group: unknown;
}

/** Resources that put users in groups: the property naming the users (or user), and the one naming the groups (or group). */
const GROUP_MEMBERSHIPS: Record<string, { users: string; groups: string }> = {
    "aws:iam/groupMembership:GroupMembership": { users: "users", groups: "group" },
    "aws:iam/userGroupMembership:UserGroupMembership": { users: "user", groups: "groups" },
};

/** The group memberships the stack makes (a group's member list, a user's group list). */
export function groupMemberships(model: StackModel): GroupMembership[] {
    const out: GroupMembership[] = [];
    for (const r of model.index.resources) {
        if (!Object.hasOwn(GROUP_MEMBERSHIPS, r.type)) continue;
        const { users, groups } = GROUP_MEMBERSHIPS[r.type];
        for (const user of elementsOf(get(r.props, users))) for (const group of elementsOf(get(r.props, groups))) out.push({ at: r, user, group });
    }
    return out;
}

/** The grant and membership tables, as the property-role tables are, for the catalogue's check that each names a type and its inputs. */
export const POLICY_ATTACHMENT_TABLE = {
    POLICY_GRANTS: Object.fromEntries(
        Object.entries(POLICY_GRANTS).map(([t, g]) => [
            t,
            { props: [g.policies, ...g.holders], reason: "gives the managed policies it names to the holders it names" },
        ]),
    ),
    GROUP_MEMBERSHIPS: Object.fromEntries(
        Object.entries(GROUP_MEMBERSHIPS).map(([t, m]) => [t, { props: [m.users, m.groups], reason: "puts the users it names in the groups it names" }]),
    ),
};
