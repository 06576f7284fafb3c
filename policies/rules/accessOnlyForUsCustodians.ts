import { TYPE_TOKENS } from "../model/catalogue";
import { attachedTo, parsePolicyDocument, statementsOf } from "../model/attachments";
import { globMatches } from "../model/glob";
import type { ModelResource } from "../model/graph";
import { residencyPolicy } from "../model/policyKit";
import { holdsData } from "../model/roles";
import { makeLocation } from "../model/location";
import { normalizeRegion } from "../model/regions";
import { approvalFor } from "../model/settings";
import { elementsOf, get, isString, list, UNKNOWN } from "../model/unknown";
import { OCI_DATA_RESOURCE_TYPES, parseOciStatement } from "../model/ociStatements";

const IAM_DOC_TYPES = new Set<string>([TYPE_TOKENS.iamPolicy, TYPE_TOKENS.iamRolePolicy, TYPE_TOKENS.iamUserPolicy, TYPE_TOKENS.iamGroupPolicy]);
const S3_BUCKET_TYPES = new Set<string>([TYPE_TOKENS.s3Bucket, TYPE_TOKENS.s3BucketV2]);

/** Whether a statement may grant: only an explicit "Deny" does not (an unknown Effect may be "Allow"). */
function mayAllow(st: unknown): boolean {
    return get(st, "Effect") !== "Deny";
}

/** The values of a statement field, each UNKNOWN where not known at preview. */
function valuesOf(st: unknown, key: string): unknown[] {
    return st === UNKNOWN ? [UNKNOWN] : elementsOf(get(st, key));
}

/** Grants to every principal but the ones `NotPrincipal` names: never an approved principal. */
const ALL_BUT_NOT_PRINCIPAL = Symbol("every principal but the ones NotPrincipal names");

/** The principals a statement grants to, as written; UNKNOWN for each one (or the whole Principal) not known at preview. */
function principalsOf(st: unknown): unknown[] {
    if (st === UNKNOWN) return [UNKNOWN];
    if (get(st, "NotPrincipal") !== undefined) return [ALL_BUT_NOT_PRINCIPAL];
    const p = get(st, "Principal");
    if (p === UNKNOWN) return [UNKNOWN];
    if (p === "*") return ["*"];
    return ["AWS", "Federated", "CanonicalUser"].flatMap((key) => valuesOf(p, key));
}

/** A principal as a message names it. Neither an unknown one nor NotPrincipal's complement is ever approved. */
function describePrincipal(v: unknown): string {
    if (v === UNKNOWN) return "a principal not known at preview";
    if (v === ALL_BUT_NOT_PRINCIPAL) return "every principal but the ones its NotPrincipal names";
    return typeof v === "string" ? v : JSON.stringify(v);
}

/** Only approved US custodians reach US user data; staff outside the US never do. */
export const accessOnlyForUsCustodians = residencyPolicy({
    name: "access-only-for-us-custodians",
    description:
        "OCI IAM statements and AWS policies that reach US user data grant access only to approved US custodian groups and principals, and never to staff outside the US.",
    severity: "critical",
    roles: ["hygiene"],
    remediationSteps:
        "Limit the statement's subject to a group listed in 'custodianGroups' (auditors: 'auditorGroups', read on audit-events only), scope it with 'where target.bucket.name' to non-US buckets, or name only principals in 'approvedAwsPrincipals'.",
    check: (ctx, report) => {
        const usStores = [...ctx.model.facts.values()].filter((f) => holdsData(f.role) && f.effectiveClass === "us-user-data").map((f) => f.resource);
        const usOciBuckets = usStores.filter((r) => r.type === TYPE_TOKENS.ociBucket);
        const holdsOciUsData = usStores.some((r) => r.type.startsWith("oci:"));
        const approved = new Set(ctx.settings.custodianGroups.map((g) => g.toLowerCase()));
        const auditors = new Set(ctx.settings.auditorGroups.map((g) => g.toLowerCase()));
        const nonUs = new Set(ctx.settings.nonUsStaffGroups.map((g) => g.toLowerCase()));

        const scopedAwayFromUsData = (conditions: string | undefined): boolean => {
            if (!conditions) return false;
            const c = conditions.trim();
            const block = /^(any|all)\s*\{(.*)\}$/is.exec(c);
            const clauses = block ? block[2].split(",").map((x) => x.trim()) : [c];
            const bucketName = (clause: string) => /^target\.bucket\.name\s*=\s*'([^']+)'$/i.exec(clause)?.[1];
            // 'any' ORs its clauses: every clause must pin a bucket name. Otherwise one pinned clause suffices.
            if (block?.[1].toLowerCase() === "any" && !clauses.every((x) => bucketName(x) !== undefined)) return false;
            const names = clauses.map(bucketName).filter((n): n is string => n !== undefined);
            if (names.length === 0) return false;
            const usNames = usOciBuckets.map((b) => get(b.props, "name"));
            return names.every((n) => !usNames.includes(n)) && !usNames.includes(UNKNOWN);
        };

        for (const policy of ctx.model.index.resources.filter((r) => r.type === TYPE_TOKENS.ociIdentityPolicy)) {
            const statements = list(policy.props, "statements");
            if (statements === UNKNOWN) {
                if (holdsOciUsData)
                    report(
                        policy,
                        `the statements of OCI policy '${policy.name}' are not known at preview, so who can reach US user data cannot be checked. Write them as literal strings.`,
                    );
                continue;
            }
            statements.forEach((text, i) => {
                if (!isString(text)) {
                    report(
                        policy,
                        `statement ${i} of OCI policy '${policy.name}' is ${text === UNKNOWN ? "not known at preview" : "not a string"}. Write it as a literal string.`,
                    );
                    return;
                }
                const st = parseOciStatement(text);
                if (!st) {
                    report(
                        policy,
                        `statement ${i} of OCI policy '${policy.name}' ("${text.slice(0, 160)}") cannot be parsed as 'Allow <subject> to <verb> <resource-type> in <location> [where ...]', so its reach cannot be checked. Rewrite it in that form.`,
                    );
                    return;
                }
                const named = st.subjects.map((s) => s.toLowerCase());
                const staffAbroad = named.filter((s) => nonUs.has(s));
                if (staffAbroad.length > 0) {
                    report(
                        policy,
                        `statement ${i} of OCI policy '${policy.name}' grants '${st.verb} ${st.resourceType}' to ${staffAbroad.join(", ")}, configured as staff outside the US. Remove that grant.`,
                    );
                    return;
                }
                if (!holdsOciUsData) return;
                if (st.resourceType === "audit-events") {
                    if (st.verb !== "read" && st.verb !== "inspect")
                        report(
                            policy,
                            `statement ${i} of OCI policy '${policy.name}' grants '${st.verb} audit-events'; auditors get read-only access. Use 'read audit-events'.`,
                        );
                    return;
                }
                if (!OCI_DATA_RESOURCE_TYPES.has(st.resourceType) || scopedAwayFromUsData(st.conditions)) return;
                if (st.subjectKind === "service") {
                    // OCI services act in a region; a service of a region outside the approvals (say objectstorage-ap-singapore-1) reaching US data is a copy path out.
                    for (const service of st.subjects) {
                        const m = /-([a-z]+-[a-z]+-\d+)$/i.exec(service);
                        const region = m ? normalizeRegion("oci", m[1]) : undefined;
                        if (region?.ok && !approvalFor(ctx.settings, "us-user-data", makeLocation("oci", region.region), ctx.today)) {
                            report(
                                policy,
                                `statement ${i} of OCI policy '${policy.name}' grants '${st.verb} ${st.resourceType}' to service '${service}' in oci:${region.region}, not approved for us-user-data: that lets the service copy US user data out. Remove the grant.`,
                            );
                        }
                    }
                    return;
                }
                if (st.subjectKind !== "group") {
                    report(
                        policy,
                        `statement ${i} of OCI policy '${policy.name}' grants '${st.verb} ${st.resourceType}' to ${st.subjectKind}, which reaches US user data. Grant it to a custodian group (${ctx.settings.custodianGroups.join(", ")}) only.`,
                    );
                    return;
                }
                const others = named.filter(
                    (s) => !approved.has(s) && !(auditors.has(s) && (st.verb === "read" || st.verb === "inspect") && st.resourceType === "audit-events"),
                );
                if (others.length > 0) {
                    report(
                        policy,
                        `statement ${i} of OCI policy '${policy.name}' grants '${st.verb} ${st.resourceType}' ${st.location} to ${others.join(", ")}, which reaches US user data but is not an approved US custodian group (${ctx.settings.custodianGroups.join(", ")}). Remove the grant or scope it with 'where target.bucket.name' to non-US buckets.`,
                    );
                }
            });
        }

        const approvedAws = new Set(ctx.settings.approvedAwsPrincipals);
        const usBuckets = usStores.filter((r) => S3_BUCKET_TYPES.has(r.type));
        for (const bucket of usBuckets) {
            for (const pol of attachedTo(ctx.model, new Set([TYPE_TOKENS.s3BucketPolicy]), "bucket", bucket)) {
                const doc = parsePolicyDocument(get(pol.props, "policy"));
                for (const st of doc ? statementsOf(doc) : []) {
                    if (!mayAllow(st)) continue;
                    const outsiders = principalsOf(st).filter((p) => !(typeof p === "string" && approvedAws.has(p)));
                    if (outsiders.length > 0)
                        report(
                            pol,
                            `bucket policy '${pol.name}' of '${bucket.name}' (us-user-data) allows ${outsiders.map(describePrincipal).join(", ")}, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.`,
                        );
                }
            }
        }
        // IAM's `*` and `?`, matched in linear time (the program writes both the pattern and the name); a prefix match,
        // so `arn:aws:s3:::b*` reaches the bucket and its objects.
        const reaches = (pattern: string, arn: string) => globMatches(pattern, arn, { anyChar: true, whole: false, beyondLimit: true });
        const namesUsBucket = (res: string) =>
            res === "*" ||
            usBuckets.some((b) => {
                const name = get(b.props, "bucket");
                if (!isString(name)) return /^arn:[^:]*:s3:::.*[*?]/.test(res);
                return reaches(res, `arn:aws:s3:::${name}`) || reaches(res, `arn:aws:s3:::${name}/x`);
            });
        const readsUsBucket = (doc: { Statement?: unknown }, carrier: ModelResource): boolean => {
            const buckets = ctx.model.index.dependenciesOf(carrier, "policy", S3_BUCKET_TYPES);
            // A resource not known at preview is the US bucket it is built from; one built from no bucket at all (an
            // invoke's result, a stack reference) may be any bucket.
            const unknownReaches = buckets.length === 0 || buckets.some((b) => usBuckets.includes(b));
            return statementsOf(doc).some((st) => {
                if (!mayAllow(st)) return false;
                // NotAction grants every action it does not name; an action not known at preview may be a read.
                const reads =
                    (st !== UNKNOWN && get(st, "NotAction") !== undefined) ||
                    valuesOf(st, "Action").some((a) => !isString(a) || a === "*" || /^s3:(\*|Get|List|Delete|Restore)/i.test(a));
                if (!reads) return false;
                if (st !== UNKNOWN && get(st, "NotResource") !== undefined) return true;
                return (
                    valuesOf(st, "Resource").some((res) => (isString(res) ? namesUsBucket(res) : unknownReaches)) || buckets.some((b) => usBuckets.includes(b))
                );
            });
        };
        for (const carrier of ctx.model.index.resources.filter((r) => IAM_DOC_TYPES.has(r.type))) {
            const doc = parsePolicyDocument(get(carrier.props, "policy"));
            if (!doc || !readsUsBucket(doc, carrier)) continue;
            const role = get(carrier.props, "role") ?? get(carrier.props, "user") ?? get(carrier.props, "group") ?? get(carrier.props, "name");
            if (!isString(role) || !approvedAws.has(role)) {
                report(
                    carrier,
                    `IAM policy '${carrier.name}' allows reading or deleting US user data in S3, and ${isString(role) ? `'${role}'` : "its principal"} is not in 'approvedAwsPrincipals'. Remove the read/delete actions or approve the principal.`,
                );
            }
        }
    },
});
