import { TYPE_TOKENS } from "../model/catalogue";
import { approvedRoles } from "../model/awsIdentityPolicies";
import { keyPoliciesOf } from "../model/awsKeyPolicies";
import { residencyPolicy } from "../model/policyKit";
import { usUserDataStores } from "../model/stackModel";
import { stackKeysOf } from "../model/storeKeys";
import { get, UNKNOWN } from "../model/unknown";

const DOC_TYPES = new Set<string>([
    TYPE_TOKENS.s3BucketPolicy,
    TYPE_TOKENS.iamPolicy,
    TYPE_TOKENS.iamRolePolicy,
    TYPE_TOKENS.iamUserPolicy,
    TYPE_TOKENS.iamGroupPolicy,
]);
const S3_BUCKET_TYPES = new Set<string>([TYPE_TOKENS.s3Bucket, TYPE_TOKENS.s3BucketV2]);

/**
 * An AWS policy document built from values a first preview cannot know (bucket ARNs from generated names)
 * cannot be read by access-only-for-us-custodians. This says so, instead of letting it pass silently.
 */
export const awsAccessDocumentsKnown = residencyPolicy({
    name: "aws-access-documents-known",
    description:
        "AWS policy documents that reach US user data, the policies of the keys that encrypt it and the trust policies of approved roles, are known at preview, so who they grant access to can be checked; otherwise the check waits for the deployed-state audit.",
    enforcementLevel: "advisory",
    severity: "medium",
    roles: ["hygiene"],
    remediationSteps: "Run 'npm run audit' on the stack export after deploying, or build the document from values known at preview.",
    check: (ctx, report) => {
        const usStores = usUserDataStores(ctx.model);
        const usBuckets = usStores.filter((r) => S3_BUCKET_TYPES.has(r.type));
        for (const r of ctx.model.index.resources) {
            if (!DOC_TYPES.has(r.type) || get(r.props, "policy") !== UNKNOWN) continue;
            const reaches = [
                ...new Set([...ctx.model.index.dependenciesOf(r, "policy", S3_BUCKET_TYPES), ...ctx.model.index.dependenciesOf(r, "bucket", S3_BUCKET_TYPES)]),
            ].filter((b) => usBuckets.includes(b));
            if (reaches.length === 0) continue;
            report(
                r,
                `the document of '${r.name}' (on ${reaches.map((b) => `'${b.name}'`).join(", ")}, us-user-data) is not known at preview, so its principals were not checked. They will be checked by 'npm run audit' against the deployed stack.`,
            );
        }
        // The policies of the keys of US stores: who may decrypt with them (access-only-for-us-custodians).
        const usKeys = new Set(usStores.filter((r) => r.type.startsWith("aws:")).flatMap((store) => stackKeysOf(ctx.model, store)));
        for (const key of usKeys) {
            for (const { holder, document } of keyPoliciesOf(ctx.model, key)) {
                if (document !== UNKNOWN) continue;
                report(
                    holder,
                    `the ${holder === key ? "policy" : `key policy '${holder.name}'`} of key '${key.name}' (of US user data) is not known at preview, so who may decrypt with the key was not checked. It will be checked by 'npm run audit' against the deployed stack.`,
                );
            }
        }
        // An approved role reaches what its approval lets it reach: whoever its trust policy lets assume it must be
        // approved too (access-only-for-us-custodians), which a trust policy unknown at preview does not show.
        for (const { role, approvedAs } of approvedRoles(ctx.model, new Set(ctx.settings.approvedAwsPrincipals))) {
            if (get(role.props, "assumeRolePolicy") !== UNKNOWN) continue;
            report(
                role,
                `the trust policy of IAM role '${role.name}', approved as '${approvedAs[0]}', is not known at preview, so who may assume it was not checked. It will be checked by 'npm run audit' against the deployed stack.`,
            );
        }
    },
});
