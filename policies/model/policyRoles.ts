/**
 * What a policy is to the rest of the pack's tools: its roles. Each policy declares its roles once, beside its
 * code; they travel with it as `tags` of its `PolicyInfo` (`GetAnalyzerInfo`), where the offline preview, the
 * report, the audit and the tests read them. No list of policy names elsewhere restates them.
 */
export const POLICY_ROLES = {
    "core-residency": "part of the residency gate: a policy config that sets it below the level the pack gives it makes the verdict NOT ENFORCED",
    "store-location": "decides whether a data store is in a location approved for its class: its exemptions show in the residency map",
    "copy-destination": "decides whether a copy of data lands in a location approved for its class: its exemptions show in the flow table",
    hygiene: "guards the data (keys, public access, grants, audit, DNS steering, settings) rather than where it is: never the reason an evasion is rejected",
} as const;

export type PolicyRole = keyof typeof POLICY_ROLES;

export const ROLE_TAG_PREFIX = "residency-role:";

export function isPolicyRole(value: string): value is PolicyRole {
    return Object.hasOwn(POLICY_ROLES, value);
}

/** The `tags` of a policy with these roles. */
export function roleTags(roles: readonly PolicyRole[]): string[] {
    return roles.map((r) => `${ROLE_TAG_PREFIX}${r}`);
}

/** The roles a policy's tags declare; other tags are not roles. */
export function rolesOfTags(tags: readonly string[]): PolicyRole[] {
    return tags.flatMap((t) => {
        const role = t.startsWith(ROLE_TAG_PREFIX) ? t.slice(ROLE_TAG_PREFIX.length) : "";
        return isPolicyRole(role) ? [role] : [];
    });
}
