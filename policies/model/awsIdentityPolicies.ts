/**
 * Who holds which AWS identity policy in a stack: the IAM policy resources and a role's inline policies with their
 * holders (a managed policy's are the roles, users and groups the stack attaches it to), and the managed policies
 * the stack attaches whose documents it does not hold.
 */
import { TYPE_TOKENS } from "./catalogue";
import { attachedTo } from "./attachments";
import { AWS_MANAGED_POLICIES_WITHOUT_DATA_ACCESS, awsManagedPolicyName } from "./awsGrants";
import type { ModelResource } from "./graph";
import type { StackModel } from "./stackModel";
import { elementsOf, get, isString, list, UNKNOWN } from "./unknown";

const IAM_DOC_TYPES = new Set<string>([TYPE_TOKENS.iamPolicy, TYPE_TOKENS.iamRolePolicy, TYPE_TOKENS.iamUserPolicy, TYPE_TOKENS.iamGroupPolicy]);
export const IAM_ROLE = "aws:iam/role:Role";

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

/** Attachments of a managed policy to a holder: the property that names the policy, and those that name holders. */
const POLICY_ATTACHMENTS: Record<string, string[]> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role"],
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": ["user"],
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": ["group"],
    "aws:iam/policyAttachment:PolicyAttachment": ["roles", "users", "groups"],
};

/**
 * Who holds a managed policy: the roles, users and groups the stack attaches it to. One attached some other way
 * (a role's `managedPolicyArns`) or nowhere in the stack is held by its own name, which is then what must be approved.
 */
function holdersOfManagedPolicy(model: StackModel, policy: ModelResource): unknown[] {
    const out: unknown[] = [];
    for (const [type, props] of Object.entries(POLICY_ATTACHMENTS)) {
        for (const attachment of attachedTo(model, new Set([type]), "policyArn", policy)) {
            for (const prop of props) out.push(...elementsOf(get(attachment.props, prop)));
        }
    }
    return out.length > 0 ? out : [get(policy.props, "name")];
}

/** The identity policies of the stack: the IAM policy resources, and the inline policies of roles. */
export function identityPolicies(model: StackModel): IdentityPolicy[] {
    const out: IdentityPolicy[] = [];
    for (const r of model.index.resources) {
        if (r.type === TYPE_TOKENS.iamPolicy) {
            out.push({
                carrier: r,
                prop: "policy",
                document: get(r.props, "policy"),
                label: `IAM policy '${r.name}'`,
                holders: holdersOfManagedPolicy(model, r),
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

const ROLES = new Set([IAM_ROLE]);

/**
 * Managed policies the stack attaches (a role's `managedPolicyArns`, the attachment resources) whose documents it
 * does not hold: AWS's own, but for the few that reach no store; another account's or one created elsewhere; one
 * whose ARN is not known at preview and no policy of the stack is behind. One grant per role of the stack that
 * holds any, else per attachment.
 */
export function foreignPolicyGrants(model: StackModel): ForeignPolicyGrant[] {
    const byHolder = new Map<ModelResource, ForeignPolicyGrant>();
    const stackPolicies = new Set<string>([TYPE_TOKENS.iamPolicy]);
    const grantsOf = (source: ModelResource, prop: string, values: unknown[], holders: unknown[], at: ModelResource) => {
        const builtFromStackPolicy = model.index.dependenciesOf(source, prop, stackPolicies).length > 0;
        const policies: string[] = [];
        for (const v of values) {
            if (!isString(v)) {
                if (!builtFromStackPolicy) policies.push("a managed policy whose ARN is not known at preview");
                continue;
            }
            const awsManaged = awsManagedPolicyName(v);
            if (awsManaged !== undefined) {
                if (!Object.hasOwn(AWS_MANAGED_POLICIES_WITHOUT_DATA_ACCESS, awsManaged)) policies.push(`the AWS managed policy '${awsManaged}'`);
            } else if (model.index.matchValue(v, stackPolicies).length === 0) {
                policies.push(`the policy '${v}', which is not in the stack`);
            }
        }
        if (policies.length === 0) return;
        const grant = byHolder.get(at) ?? { at, policies: [], holders: [] };
        byHolder.set(at, grant);
        for (const p of policies) if (!grant.policies.includes(p)) grant.policies.push(p);
        for (const h of holders) if (!grant.holders.includes(h)) grant.holders.push(h);
    };
    for (const r of model.index.resources) {
        if (r.type === IAM_ROLE) {
            const arns = list(r.props, "managedPolicyArns");
            grantsOf(r, "managedPolicyArns", arns === UNKNOWN ? [UNKNOWN] : arns, [get(r.props, "name")], r);
        } else if (Object.hasOwn(POLICY_ATTACHMENTS, r.type)) {
            const holders = POLICY_ATTACHMENTS[r.type].flatMap((prop) => elementsOf(get(r.props, prop)));
            const role = r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" ? model.index.dependenciesOf(r, "role", ROLES)[0] : undefined;
            grantsOf(r, "policyArn", [get(r.props, "policyArn")], holders, role ?? r);
        }
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

/** The attachment and membership tables, as the property-role tables are, for the catalogue's check that each names a type and its inputs. */
export const POLICY_ATTACHMENT_TABLE = {
    GROUP_MEMBERSHIPS: Object.fromEntries(
        Object.entries(GROUP_MEMBERSHIPS).map(([t, m]) => [t, { props: [m.users, m.groups], reason: "puts the users it names in the groups it names" }]),
    ),
    POLICY_ATTACHMENTS: Object.fromEntries(
        Object.entries(POLICY_ATTACHMENTS).map(([t, holders]) => [
            t,
            { props: ["policyArn", ...holders], reason: "attaches the managed policy it names to the holders it names" },
        ]),
    ),
};
