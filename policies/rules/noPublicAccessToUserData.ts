import { TYPE_TOKENS } from "../model/catalogue";
import { asArray, attachedTo, parsePolicyDocument, statementsOf } from "../model/attachments";
import { residencyPolicy } from "../model/policyKit";
import { holdsData } from "../model/roles";
import { elementsOf, get, UNKNOWN } from "../model/unknown";
import { resourcePoliciesOf } from "../model/resourcePolicies";

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];

function isPublicPrincipal(p: unknown): boolean {
    if (p === "*") return true;
    const aws = get(p, "AWS");
    return asArray(aws).includes("*");
}

/**
 * The condition keys that make a grant to everyone non-public, as S3's block public access defines it: a fixed
 * (wildcard-free) value of one of these, or a set of CIDRs for aws:SourceIp. Keys are case-insensitive.
 */
const RESTRICTING_KEYS = new Set(
    [
        "aws:SourceIp",
        "aws:SourceArn",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceOwner",
        "aws:SourceAccount",
        "aws:userid",
        "s3:x-amz-server-side-encryption-aws-kms-key-id",
    ].map((k) => k.toLowerCase()),
);

/** Operators that hold only when the key is present and equals (or, for IpAddress, falls in) the values given. */
const RESTRICTING_OPERATORS = new Set(["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"]);

/**
 * Whether a statement's Condition pins one of the restricting keys to fixed values, so that S3 does not count the
 * grant as public. Anything else (a negated or `...IfExists` operator, a set operator, a wildcard, a value not known
 * at preview, `aws:SecureTransport`, ...) restricts nothing: the grant to everyone stays public.
 */
function restrictsWho(condition: unknown): boolean {
    if (condition === undefined) return false;
    return Object.keys(typeof condition === "object" && condition !== null ? condition : {}).some((operator) => {
        if (!RESTRICTING_OPERATORS.has(operator.toLowerCase())) return false;
        const block = get(condition, operator);
        return Object.keys(typeof block === "object" && block !== null ? block : {}).some((key) => {
            const k = key.toLowerCase();
            if (!RESTRICTING_KEYS.has(k)) return false;
            const raw = get(block, key);
            const values = elementsOf(raw);
            return (
                values.length > 0 && values.every((v) => typeof v === "string" && v !== "" && !/[*?]/.test(v) && !(k === "aws:userid" && /:\*$|^\*/.test(v)))
            );
        });
    });
}

/** How each statement of a document that allows everyone is public: '*' or NotPrincipal; nothing for the others. */
function publicGrants(document: unknown): ("everyone" | "all but NotPrincipal")[] {
    const doc = parsePolicyDocument(document);
    const out: ("everyone" | "all but NotPrincipal")[] = [];
    for (const st of doc ? statementsOf(doc) : []) {
        if (get(st, "Effect") !== "Allow" || restrictsWho(get(st, "Condition"))) continue;
        // NotPrincipal with Allow grants every principal but the ones it names: public, as '*' is.
        if (get(st, "NotPrincipal") !== undefined) out.push("all but NotPrincipal");
        else if (isPublicPrincipal(get(st, "Principal"))) out.push("everyone");
    }
    return out;
}

/** No user data (US or not) is reachable from the public internet. */
export const noPublicAccessToUserData = residencyPolicy({
    name: "no-public-access-to-user-data",
    description:
        "Stores of user data block public access: S3 buckets have a public access block with all four flags and no public ACL or policy; OCI buckets are NoPublicAccess; no other store's resource policy allows everyone.",
    severity: "critical",
    roles: ["hygiene"],
    remediationSteps:
        "S3: add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true, and drop public ACLs and '*' principals. OCI: set accessType 'NoPublicAccess'. Other stores (queues, topics, secrets, domains, vaults, repositories, file systems, tables): name the principals of their resource policies, or pin who with a condition.",
    check: (ctx, report) =>
        ctx.each((f) => {
            if (!holdsData(f.role) || f.effectiveClass === "no-user-data") return;
            const r = f.resource;
            if (r.type === TYPE_TOKENS.ociBucket) {
                const access = get(r.props, "accessType");
                if (access === UNKNOWN) report(r, `'accessType' of OCI bucket '${r.name}' is not known at preview. Set it to the literal 'NoPublicAccess'.`);
                else if (access !== undefined && access !== "NoPublicAccess")
                    report(r, `OCI bucket '${r.name}' holds user data with accessType '${String(access)}'. Set accessType 'NoPublicAccess'.`);
                return;
            }
            if (r.type !== TYPE_TOKENS.s3Bucket && r.type !== TYPE_TOKENS.s3BucketV2) {
                // Other stores have no public access block: a resource policy open to everyone makes them public.
                for (const { holder, property, document } of resourcePoliciesOf(ctx.model, r)) {
                    const where = holder === r ? `its '${property}'` : `resource policy '${holder.name}' ('${property}')`;
                    for (const grant of publicGrants(document)) {
                        report(
                            holder,
                            grant === "all but NotPrincipal"
                                ? `'${r.name}' (${r.type}) holds user data and ${where} allows everyone but the principals its NotPrincipal names. Name the principals instead (Principal, not NotPrincipal).`
                                : `'${r.name}' (${r.type}) holds user data and ${where} allows everyone ('*') without a condition that pins who. Name the principals instead.`,
                        );
                    }
                }
                return;
            }
            const blocks = attachedTo(ctx.model, new Set([TYPE_TOKENS.s3PublicAccessBlock]), "bucket", r);
            const complete = blocks.some((b) => PAB_FLAGS.every((flag) => get(b.props, flag) === true));
            if (!complete) {
                const missing =
                    blocks.length === 0 ? "has no public access block" : `has a public access block without all of ${PAB_FLAGS.join(", ")} set to true`;
                report(r, `S3 bucket '${r.name}' holds user data and ${missing}. Add aws.s3.BucketPublicAccessBlock with all four flags true.`);
            }
            const inlineAcl = get(r.props, "acl");
            if (typeof inlineAcl === "string" && PUBLIC_ACLS.includes(inlineAcl))
                report(r, `S3 bucket '${r.name}' holds user data with ACL '${inlineAcl}'. Use 'private'.`);
            for (const acl of attachedTo(ctx.model, new Set([TYPE_TOKENS.s3BucketAcl]), "bucket", r)) {
                const value = get(acl.props, "acl");
                if (typeof value === "string" && PUBLIC_ACLS.includes(value))
                    report(acl, `'${acl.name}' gives bucket '${r.name}' (user data) the ACL '${value}'. Use 'private'.`);
            }
            for (const pol of attachedTo(ctx.model, new Set([TYPE_TOKENS.s3BucketPolicy]), "bucket", r)) {
                for (const grant of publicGrants(get(pol.props, "policy"))) {
                    report(
                        pol,
                        grant === "all but NotPrincipal"
                            ? `bucket policy '${pol.name}' allows everyone but the principals its NotPrincipal names on bucket '${r.name}', which holds user data. Name the principals instead (Principal, not NotPrincipal).`
                            : `bucket policy '${pol.name}' allows everyone ('*') on bucket '${r.name}', which holds user data. Name the principals instead.`,
                    );
                }
            }
        }),
});
