/**
 * What each IAM role of the stack may read: the stores of the stack its identity policies allow an action on beyond
 * adding to them, by the same reading of statements as access-only-for-us-custodians (awsGrants.ts). Code that runs
 * as a role can read those stores whatever its own inputs say, so the role carries their class (stackModel.ts adds
 * an edge from each store to the role) to the function, task, instance profile or job that names it. A role that
 * may become another (roleAssumptions) reads what that one reads.
 */
import { parsePolicyDocument, statementsOf } from "./attachments";
import {
    ALL_BUT_NOT_PRINCIPAL,
    hasWildcard,
    knownArnsOf,
    mayAllow,
    principalsOf,
    servicesOf,
    statementMayAllowAction,
    statementReaches,
    valuesOf,
} from "./awsGrants";
import { IAM_ROLE, identityPolicies, type IdentityPolicy } from "./awsIdentityPolicies";
import type { ModelResource, ResourceIndex } from "./graph";
import { holdsData } from "./roles";
import type { StackModel } from "./stackModel";
import { get, isString, isUnknownSentinel, UNKNOWN } from "./unknown";

export interface RoleRead {
    role: ModelResource;
    store: ModelResource;
    /** Why, as a message says it: the policy that allows it. */
    via: string;
}

const ROLES: ReadonlySet<string> = new Set([IAM_ROLE]);

/**
 * The roles of the stack that hold a policy: a role's own inline policy is its own; a holder named is matched by
 * name or ARN; one not known at preview is any role the policy's carrier depends on (a role policy's `role`).
 */
function rolesHolding(index: ResourceIndex, policy: IdentityPolicy): ModelResource[] {
    if (policy.carrier.type === IAM_ROLE) return [policy.carrier];
    const out = new Set<ModelResource>();
    for (const holder of policy.holders) {
        if (isString(holder)) for (const r of index.matchValue(holder, ROLES)) out.add(r);
        else if (holder === UNKNOWN)
            for (const prop of Object.keys(policy.carrier.propertyDependencies ?? {}))
                for (const r of index.dependenciesOf(policy.carrier, prop, ROLES)) out.add(r);
    }
    return [...out];
}

/** An identity policy of the stack with the roles of the stack that hold it (none: it is left out). */
interface HeldPolicy {
    policy: IdentityPolicy;
    roles: ModelResource[];
}

function heldPolicies(model: Pick<StackModel, "index">): HeldPolicy[] {
    return identityPolicies(model)
        .map((policy) => ({ policy, roles: rolesHolding(model.index, policy) }))
        .filter((h) => h.roles.length > 0);
}

/** Whether a policy's document is not known at preview (the engine's unknown, whole). */
function unknownDocument(policy: IdentityPolicy): boolean {
    return policy.document === UNKNOWN || (isString(policy.document) && isUnknownSentinel(policy.document));
}

export function roleReads(model: Pick<StackModel, "index" | "facts">, held = heldPolicies(model)): RoleRead[] {
    const stores = [...model.facts.values()].filter((f) => holdsData(f.role) && !f.inert).map((f) => f.resource);
    if (stores.length === 0) return [];
    const storeTypes = new Set(stores.map((s) => s.type));
    const targets = stores.map((store) => ({ store, services: servicesOf(store), arns: knownArnsOf(store) }));
    const out: RoleRead[] = [];
    for (const { policy, roles } of held) {
        // A resource not known at preview is a store the document is built from, or, built from none, any store.
        const builtFrom = model.index.dependenciesOf(policy.carrier, policy.prop, storeTypes);
        const doc = parsePolicyDocument(policy.document);
        // A document not known at preview may allow anything on the stores it is built from. One built from none is
        // left to the run with every value known (the offline preview's second pass; aws-access-documents-known says
        // so under the CLI): taken for every store, it would make everything that runs as a role hold the strictest class.
        if (!doc && !(unknownDocument(policy) && builtFrom.length > 0)) continue;
        const statements = doc ? statementsOf(doc) : [UNKNOWN];
        for (const t of targets) {
            if (!doc && !builtFrom.includes(t.store)) continue;
            const target = { ...t, unknownMayBe: builtFrom.length === 0 || builtFrom.includes(t.store) };
            if (!statements.some((st) => statementReaches(st, target, model.index))) continue;
            for (const role of roles) out.push({ role, store: t.store, via: `${policy.label} lets it read '${t.store.name}'` });
        }
    }
    return out;
}

export interface RoleAssumption {
    /** The role that may become `assumes`, and so read what it reads. */
    role: ModelResource;
    assumes: ModelResource;
    via: string;
}

/** Whether a trust policy's principal may be `role`: named by its ARN or name, `*`, or not known at preview (and built from it). */
function principalMayBe(index: ResourceIndex, principal: unknown, role: ModelResource, builtFrom: readonly ModelResource[]): boolean {
    if (principal === "*" || principal === ALL_BUT_NOT_PRINCIPAL) return true;
    if (!isString(principal) || isUnknownSentinel(principal)) return builtFrom.includes(role);
    return index.matchValue(principal, ROLES).includes(role);
}

/** Whether an identity policy statement may allow `sts:AssumeRole` on `target`: any pattern, `*` or a resource built from it. */
function mayAssume(index: ResourceIndex, st: unknown, target: ModelResource, builtFrom: readonly ModelResource[]): boolean {
    if (!mayAllow(st) || !statementMayAllowAction(st, "sts:assumerole")) return false;
    if (st !== UNKNOWN && get(st, "NotResource") !== undefined) return true;
    return valuesOf(st, "Resource").some((res) => {
        if (!isString(res) || isUnknownSentinel(res)) return builtFrom.length === 0 || builtFrom.includes(target);
        return hasWildcard(res) || index.matchValue(res, ROLES).includes(target);
    });
}

/**
 * Which role of the stack may become which: a role whose trust policy names another (by ARN or name, `*`, or built
 * from it), and a role whose identity policies allow `sts:AssumeRole` on another. Either is taken as enough, so a
 * chain of roles is followed (a false alarm where the other half of the pair is missing, never a pass).
 */
export function roleAssumptions(model: Pick<StackModel, "index">, held = heldPolicies(model)): RoleAssumption[] {
    const roles = model.index.resources.filter((r) => r.type === IAM_ROLE);
    if (roles.length < 2) return [];
    const out: RoleAssumption[] = [];
    const seen = new Set<string>();
    const add = (role: ModelResource, assumes: ModelResource, via: string) => {
        const key = `${role.urn}\u0000${assumes.urn}`;
        if (role === assumes || seen.has(key)) return;
        seen.add(key);
        out.push({ role, assumes, via });
    };
    for (const target of roles) {
        const trust = parsePolicyDocument(get(target.props, "assumeRolePolicy"));
        if (!trust) continue;
        const builtFrom = model.index.dependenciesOf(target, "assumeRolePolicy", ROLES);
        for (const st of statementsOf(trust)) {
            if (!mayAllow(st)) continue;
            for (const principal of principalsOf(st))
                for (const role of roles)
                    if (principalMayBe(model.index, principal, role, builtFrom))
                        add(role, target, `the trust policy of '${target.name}' lets it assume that role`);
        }
    }
    for (const { policy, roles: holders } of held) {
        const builtFrom = model.index.dependenciesOf(policy.carrier, policy.prop, ROLES);
        const doc = parsePolicyDocument(policy.document);
        // A document not known at preview may let it assume the roles it is built from (as roleReads reads stores).
        const targets = doc
            ? roles.filter((t) => statementsOf(doc).some((st) => mayAssume(model.index, st, t, builtFrom)))
            : unknownDocument(policy)
              ? builtFrom
              : [];
        for (const target of targets) for (const role of holders) add(role, target, `${policy.label} lets it assume '${target.name}'`);
    }
    return out;
}

/** Every edge a role adds to the taint graph: from each store it may read, and from each role it may become, to it. */
export function roleEdges(model: Pick<StackModel, "index" | "facts">): { from: ModelResource; to: ModelResource; via: string }[] {
    const held = heldPolicies(model);
    return [
        ...roleReads(model, held).map(({ role, store, via }) => ({ from: store, to: role, via })),
        ...roleAssumptions(model, held).map(({ role, assumes, via }) => ({ from: assumes, to: role, via })),
    ];
}
