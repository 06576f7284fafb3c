/**
 * Who may use a KMS key of the stack: the principals of its key policy (its own `policy`, or a KeyPolicy of the stack
 * that names it) and the grantees of its grants. A key with no policy in the stack has AWS's default one, which
 * leaves the key to its own account's IAM, as a statement granting that account's root does.
 */
import { attachedTo } from "./attachments";
import type { ModelResource } from "./graph";
import { providerInputValue } from "./providerInputs";
import type { StackModel } from "./stackModel";
import { elementsOf, get, isString } from "./unknown";

export const KMS_KEY = "aws:kms/key:Key";
export const KMS_KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
export const KMS_GRANT = "aws:kms/grant:Grant";
export const KMS_REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey";
/** Where each type names the key and holds what it grants (KEY_POLICY_TABLE, checked against the SDK). */
const KEY = { policy: "policy" } as const;
const POLICY_OF_KEY = { key: "keyId", policy: "policy" } as const;
const GRANT = { key: "keyId", grantee: "granteePrincipal", operations: "operations" } as const;
const REPLICA = { primary: "primaryKeyArn", policy: "policy" } as const;

/** One policy document of a key: the resource that holds it (the key itself when inline). */
export interface KeyPolicy {
    holder: ModelResource;
    document: unknown;
}

/** The key's policy documents in the stack: its own, and those of KeyPolicy resources that name it. */
export function keyPoliciesOf(model: StackModel, key: ModelResource): KeyPolicy[] {
    const own = get(key.props, KEY.policy);
    const out: KeyPolicy[] = own === undefined || own === null ? [] : [{ holder: key, document: own }];
    for (const holder of attachedTo(model, new Set([KMS_KEY_POLICY]), POLICY_OF_KEY.key, key))
        out.push({ holder, document: get(holder.props, POLICY_OF_KEY.policy) });
    return out;
}

/**
 * The replicas of a multi-Region key in the stack: each holds the same key material, so it decrypts what the key
 * encrypted, and its own policy and grants say who may.
 */
export function replicasOf(model: StackModel, key: ModelResource): ModelResource[] {
    return attachedTo(model, new Set([KMS_REPLICA_KEY]), REPLICA.primary, key);
}

/** One grant of a key: its grantee and the operations it allows, as written (each UNKNOWN where not known at preview). */
export interface KeyGrant {
    grant: ModelResource;
    grantee: unknown;
    operations: unknown[];
}

export function grantsOf(model: StackModel, key: ModelResource): KeyGrant[] {
    return attachedTo(model, new Set([KMS_GRANT]), GRANT.key, key).map((grant) => ({
        grant,
        grantee: get(grant.props, GRANT.grantee),
        operations: elementsOf(get(grant.props, GRANT.operations)),
    }));
}

/** The one account the key's provider may act in (its `allowedAccountIds`), or undefined when it pins none or several. */
export function ownAccountOf(r: ModelResource): string | undefined {
    if (!r.provider) return undefined;
    const accounts = providerInputValue(get(r.provider.props, "allowedAccountIds"));
    const list = Array.isArray(accounts) ? accounts : [];
    return list.length === 1 && isString(list[0]) && /^\d{12}$/.test(list[0]) ? list[0] : undefined;
}

/** Whether a principal is the root of `account` (its ARN, or the bare account id AWS reads as that root). */
export function isAccountRoot(principal: unknown, account: string): boolean {
    if (!isString(principal)) return false;
    return principal === account || new RegExp(`^arn:aws(?:-[a-z]+)*:iam::${account}:root$`).test(principal);
}

/** The properties read above, for the catalogue's check that each names a type and its input arguments. */
export const KEY_POLICY_TABLE = {
    KEY_POLICIES: {
        [KMS_KEY]: { props: [KEY.policy], reason: "the key's own key policy" },
        [KMS_KEY_POLICY]: { props: [POLICY_OF_KEY.key, POLICY_OF_KEY.policy], reason: "the key policy of the key it names" },
        [KMS_GRANT]: { props: [GRANT.key, GRANT.grantee, GRANT.operations], reason: "lets its grantee use the key it names for the operations it lists" },
        [KMS_REPLICA_KEY]: { props: [REPLICA.primary, REPLICA.policy], reason: "a replica of the key it names, with a key policy of its own" },
    },
};
