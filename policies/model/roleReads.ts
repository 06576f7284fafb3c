/**
 * What each IAM role of the stack may read: the stores of the stack its identity policies allow an action on beyond
 * adding to them, by the same reading of statements as access-only-for-us-custodians (awsGrants.ts). Code that runs
 * as a role can read those stores whatever its own inputs say, so the role carries their class (stackModel.ts adds
 * an edge from each store to the role) to the function, task, instance profile or job that names it.
 */
import { parsePolicyDocument, statementsOf } from "./attachments";
import { knownArnsOf, servicesOf, statementReaches } from "./awsGrants";
import { IAM_ROLE, identityPolicies, type IdentityPolicy } from "./awsIdentityPolicies";
import type { ModelResource, ResourceIndex } from "./graph";
import { holdsData } from "./roles";
import type { StackModel } from "./stackModel";
import { isString, isUnknownSentinel, UNKNOWN } from "./unknown";

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

export function roleReads(model: Pick<StackModel, "index" | "facts">): RoleRead[] {
    const stores = [...model.facts.values()].filter((f) => holdsData(f.role) && !f.inert).map((f) => f.resource);
    if (stores.length === 0) return [];
    const storeTypes = new Set(stores.map((s) => s.type));
    const targets = stores.map((store) => ({ store, services: servicesOf(store), arns: knownArnsOf(store) }));
    const out: RoleRead[] = [];
    for (const policy of identityPolicies(model)) {
        const roles = rolesHolding(model.index, policy);
        if (roles.length === 0) continue;
        // A resource not known at preview is a store the document is built from, or, built from none, any store.
        const builtFrom = model.index.dependenciesOf(policy.carrier, policy.prop, storeTypes);
        const doc = parsePolicyDocument(policy.document);
        // A document not known at preview may allow anything on the stores it is built from. One built from none is
        // left to the run with every value known (the offline preview's second pass; aws-access-documents-known says
        // so under the CLI): taken for every store, it would make everything that runs as a role hold the strictest class.
        const unknown = !doc && (policy.document === UNKNOWN || (isString(policy.document) && isUnknownSentinel(policy.document)));
        if (!doc && !(unknown && builtFrom.length > 0)) continue;
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
