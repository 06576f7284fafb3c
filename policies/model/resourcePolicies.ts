/**
 * Resource policies of stores other than the S3 bucket policy itself (which both policies read on their own, beside
 * ACLs and public access blocks): who else may read, write or subscribe to a store, an S3 access point's included.
 * Inline: the store's own property. Attached: a resource of its own that names the store.
 */
import { attachedTo } from "./attachments";
import type { StackModel } from "./stackModel";
import type { ModelResource } from "./graph";
import { get } from "./unknown";

/** Store types whose resource policy is a property of the store itself. */
const INLINE: Record<string, string> = {
    "aws:sqs/queue:Queue": "policy",
    "aws:sns/topic:Topic": "policy",
    "aws:secretsmanager/secret:Secret": "policy",
    "aws:opensearch/domain:Domain": "accessPolicies",
    "aws:elasticsearch/domain:Domain": "accessPolicies",
    "aws:glacier/vault:Vault": "accessPolicy",
};

/** Resource-policy types attached to a store: the property that names the store, and the one that holds the document. */
const ATTACHED: Record<string, { store: string; doc: string }> = {
    // An access point is a named way in to its bucket, with a policy of its own.
    "aws:s3/accessPoint:AccessPoint": { store: "bucket", doc: "policy" },
    "aws:sqs/queuePolicy:QueuePolicy": { store: "queueUrl", doc: "policy" },
    "aws:sns/topicPolicy:TopicPolicy": { store: "arn", doc: "policy" },
    "aws:secretsmanager/secretPolicy:SecretPolicy": { store: "secretArn", doc: "policy" },
    "aws:ecr/repositoryPolicy:RepositoryPolicy": { store: "repository", doc: "policy" },
    "aws:efs/fileSystemPolicy:FileSystemPolicy": { store: "fileSystemId", doc: "policy" },
    "aws:opensearch/domainPolicy:DomainPolicy": { store: "domainName", doc: "accessPolicies" },
    "aws:elasticsearch/domainPolicy:DomainPolicy": { store: "domainName", doc: "accessPolicies" },
    "aws:backup/vaultPolicy:VaultPolicy": { store: "backupVaultName", doc: "policy" },
    "aws:dynamodb/resourcePolicy:ResourcePolicy": { store: "resourceArn", doc: "policy" },
};

/** One resource policy of a store: the resource that holds it (the store itself when inline), and its document. */
export interface StorePolicy {
    holder: ModelResource;
    property: string;
    document: unknown;
}

/** The resource policies of `store`: its own, and those attached to it by resources of the stack. */
export function resourcePoliciesOf(model: StackModel, store: ModelResource): StorePolicy[] {
    const out: StorePolicy[] = [];
    const inline = Object.hasOwn(INLINE, store.type) ? INLINE[store.type] : undefined;
    const own = inline === undefined ? undefined : get(store.props, inline);
    if (inline !== undefined && own !== undefined) out.push({ holder: store, property: inline, document: own });
    for (const [type, { store: prop, doc }] of Object.entries(ATTACHED)) {
        for (const holder of attachedTo(model, new Set([type]), prop, store)) out.push({ holder, property: doc, document: get(holder.props, doc) });
    }
    return out;
}

/** Every entry, as the property-role tables are, for the catalogue's check that each names a type and its inputs. */
export const RESOURCE_POLICY_TABLES = {
    INLINE_RESOURCE_POLICIES: Object.fromEntries(Object.entries(INLINE).map(([t, p]) => [t, { props: [p], reason: "the store's own resource policy" }])),
    ATTACHED_RESOURCE_POLICIES: Object.fromEntries(
        Object.entries(ATTACHED).map(([t, a]) => [t, { props: [a.store, a.doc], reason: "a resource policy of the store it names" }]),
    ),
};
