import { KEY_TYPES, TYPE_TOKENS } from "../model/catalogue";
import { attachedTo, parsePolicyDocument, statementsOf } from "../model/attachments";
import {
    actionReaches,
    describePrincipal,
    knownArnsOf,
    mayAllow,
    outsideStoresReached,
    principalsOf,
    servicesOf,
    statementActionsReach,
    statementReaches,
    statementReachesAccount,
    subjectPinsOf,
    webIdentityOf,
} from "../model/awsGrants";
import type { StoreTarget } from "../model/awsGrants";
import { approvedRoles, foreignPolicyGrants, groupMemberships, IAM_ROLE, identityPolicies } from "../model/awsIdentityPolicies";
import { grantsOf, isAccountRoot, keyPoliciesOf, ownAccountOf, replicasOf } from "../model/awsKeyPolicies";
import type { ModelResource } from "../model/graph";
import { resourcePoliciesOf } from "../model/resourcePolicies";
import { stackKeysOf } from "../model/storeKeys";
import { residencyPolicy } from "../model/policyKit";
import { holdsData } from "../model/roles";
import { carriedClass, usUserDataStores } from "../model/stackModel";
import { makeLocation } from "../model/location";
import { normalizeRegion } from "../model/regions";
import { approvalFor, expiredApproval } from "../model/settings";
import { elementsOf, get, getPath, isString, list, UNKNOWN } from "../model/unknown";
import { parseOciStatement, reachesOciUserData } from "../model/ociStatements";

const S3_BUCKET_TYPES = new Set<string>([TYPE_TOKENS.s3Bucket, TYPE_TOKENS.s3BucketV2]);

/** Principals as a message names them, each once. */
function describePrincipals(principals: unknown[]): string {
    return [...new Set(principals.map(describePrincipal))].join(", ");
}

/**
 * The subjects a trust statement's pins of an OIDC token's `sub` claim let in beyond `approved`, as a message names
 * them; "any" when it pins none; none when one pin lists approved subjects only (every pin holds at once).
 */
function unapprovedSubjects(pins: unknown[][], approved: ReadonlySet<string>): string[] | "any" {
    if (pins.length === 0) return "any";
    const outside = pins.map((values) => [
        ...new Set(values.filter((v) => !(isString(v) && approved.has(v))).map((v) => (isString(v) ? `'${v}'` : "a subject not known at preview"))),
    ]);
    return outside.some((o) => o.length === 0) ? [] : outside.reduce((a, b) => (b.length < a.length ? b : a));
}

/** At most five names, and how many more. */
function someNames(names: string[]): string {
    return names.slice(0, 5).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");
}

/** Only approved US custodians reach US user data; staff outside the US never do. */
export const accessOnlyForUsCustodians = residencyPolicy({
    name: "access-only-for-us-custodians",
    description:
        "OCI IAM statements and AWS policies that reach US user data grant access only to approved US custodian groups and principals, and never to staff outside the US.",
    severity: "critical",
    roles: ["hygiene"],
    remediationSteps:
        "Limit the statement's subject to a group listed in 'custodianGroups' (auditors: 'auditorGroups', read on audit-events only), scope it with 'where target.bucket.name' to non-US buckets of the stack, or name only principals in 'approvedAwsPrincipals' (in AWS resource policies of US stores; as the holders of IAM policies that act on them beyond adding to them, and of managed policies whose documents are not in the stack; in the trust policies of approved roles; in the key policies and grants of the keys of US stores, but for the root of the key's own account; and as the members of approved groups).",
    check: (ctx, report) => {
        const usStores = usUserDataStores(ctx.model);
        const usOciBuckets = usStores.filter((r) => r.type === TYPE_TOKENS.ociBucket);
        const holdsOciUsData = usStores.some((r) => r.type.startsWith("oci:"));
        const otherOciBucketNames = new Set(
            [...ctx.model.facts.values()]
                .filter((f) => {
                    const cls = f.resource.type === TYPE_TOKENS.ociBucket ? carriedClass(f) : undefined;
                    return cls !== undefined && cls !== "us-user-data";
                })
                .map((f) => get(f.resource.props, "name"))
                .filter(isString),
        );
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
            // A bucket outside the stack, or of no known class, may hold US user data: only the stack's own buckets
            // of another class scope a grant away.
            return names.every((n) => otherOciBucketNames.has(n) && !usNames.includes(n)) && !usNames.includes(UNKNOWN);
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
                if (!reachesOciUserData(st.verb, st.resourceType) || scopedAwayFromUsData(st.conditions)) return;
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
                        `statement ${i} of OCI policy '${policy.name}' grants '${st.verb} ${st.resourceType}' ${st.location} to ${others.join(", ")}, which reaches US user data but is not an approved US custodian group (${ctx.settings.custodianGroups.join(", ")}). Remove the grant or scope it with 'where target.bucket.name' to non-US buckets of the stack.`,
                    );
                }
            });
        }

        const approvedAws = new Set(ctx.settings.approvedAwsPrincipals);
        // The holders of a grant not approved, as a message names them.
        const unapproved = (holders: unknown[]) => [
            ...new Set(holders.filter((h) => !(isString(h) && approvedAws.has(h))).map((h) => (isString(h) ? `'${h}'` : "a holder not known at preview"))),
        ];
        const outsidersOf = (st: unknown) => (mayAllow(st) ? principalsOf(st).filter((p) => !(typeof p === "string" && approvedAws.has(p))) : []);
        const awsUsStores = usStores.filter((r) => r.type.startsWith("aws:"));
        const usBuckets = awsUsStores.filter((r) => S3_BUCKET_TYPES.has(r.type));
        for (const bucket of usBuckets) {
            for (const pol of attachedTo(ctx.model, new Set([TYPE_TOKENS.s3BucketPolicy]), "bucket", bucket)) {
                const doc = parsePolicyDocument(get(pol.props, "policy"));
                for (const st of doc ? statementsOf(doc) : []) {
                    const outsiders = outsidersOf(st);
                    if (outsiders.length > 0)
                        report(
                            pol,
                            `bucket policy '${pol.name}' of '${bucket.name}' (us-user-data) allows ${outsiders.map(describePrincipal).join(", ")}, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.`,
                        );
                }
            }
        }
        // ACL grants to an account (its canonical user id) or an email address, but for the ACL's own owner. Group
        // grantees (everyone, any AWS user, log delivery) are no-public-access-to-user-data's. A bucket's inline grant
        // to an id not known at preview is usually its owner's (an invoke's canonical id): not read.
        for (const bucket of usBuckets) {
            const inline = elementsOf(get(bucket.props, "grants")).map((g) => ({
                holder: bucket,
                type: get(g, "type"),
                id: get(g, "id"),
                email: undefined as unknown,
            }));
            const attached = attachedTo(ctx.model, new Set([TYPE_TOKENS.s3BucketAcl]), "bucket", bucket).flatMap((acl) => {
                const owner = getPath(acl.props, "accessControlPolicy", "owner", "id");
                return elementsOf(getPath(acl.props, "accessControlPolicy", "grants"))
                    .map((g) => get(g, "grantee"))
                    .filter((grantee) => !(isString(owner) && get(grantee, "id") === owner))
                    .map((grantee) => ({ holder: acl, type: get(grantee, "type"), id: get(grantee, "id"), email: get(grantee, "emailAddress") }));
            });
            for (const grant of [...inline, ...attached]) {
                if (grant.type === "Group" || (grant.holder === bucket && !isString(grant.id))) continue;
                const who = grant.type === "AmazonCustomerByEmail" ? grant.email : grant.id;
                if (isString(who) && approvedAws.has(who)) continue;
                const grantee = isString(who) ? `'${who}'` : `a grantee not known at preview`;
                report(
                    grant.holder,
                    `${grant.holder === bucket ? "an ACL grant of" : `ACL '${grant.holder.name}' of`} '${bucket.name}' (us-user-data) gives ${grantee} access, not in 'approvedAwsPrincipals'. Remove the grant (ACLs disabled, BucketOwnerEnforced) or approve the grantee.`,
                );
            }
        }
        // The resource policies of the other stores (a queue's, a topic's, a table's ...), read as bucket policies are.
        for (const store of awsUsStores) {
            for (const { holder, property, document } of resourcePoliciesOf(ctx.model, store)) {
                const doc = parsePolicyDocument(document);
                const outsiders = (doc ? statementsOf(doc) : []).flatMap(outsidersOf);
                if (outsiders.length === 0) continue;
                const which = holder === store ? `the ${property} of '${store.name}'` : `resource policy '${holder.name}' of '${store.name}'`;
                report(
                    holder,
                    `${which} (us-user-data) allows ${describePrincipals(outsiders)}, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.`,
                );
            }
        }

        // The keys of US stores: who may use them beyond encrypting (decrypt, re-encrypt, grant, manage), through a
        // key policy's statements or a grant, but for the root of the key's own account (its provider's one
        // 'allowedAccountIds'), which leaves the key to that account's IAM, as AWS's default key policy does.
        const storesOfKey = new Map<ModelResource, ModelResource[]>();
        for (const store of awsUsStores) {
            for (const key of stackKeysOf(ctx.model, store)) {
                const stores = storesOfKey.get(key) ?? [];
                if (!stores.includes(store)) stores.push(store);
                storesOfKey.set(key, stores);
            }
        }
        for (const [key, stores] of storesOfKey) {
            const encrypts = `which encrypts ${someNames(stores.map((s) => `'${s.name}'`))} (us-user-data)`;
            // A replica holds the same key material: it decrypts what the key encrypted.
            for (const k of [key, ...replicasOf(ctx.model, key)]) {
                const own = ownAccountOf(k);
                const outsider = (p: unknown) => !(isString(p) && (approvedAws.has(p) || (own !== undefined && isAccountRoot(p, own))));
                const named = k === key ? `key '${key.name}'` : `replica key '${k.name}' of '${key.name}'`;
                for (const { holder, document } of keyPoliciesOf(ctx.model, k)) {
                    const doc = parsePolicyDocument(document);
                    const outsiders = (doc ? statementsOf(doc) : [])
                        .filter((st) => mayAllow(st) && statementActionsReach(st, ["kms"]))
                        .flatMap(principalsOf)
                        .filter(outsider);
                    if (outsiders.length === 0) continue;
                    report(
                        holder,
                        `${holder === k ? `the policy of ${named}` : `key policy '${holder.name}' of ${named}`}, ${encrypts}, lets ${describePrincipals(outsiders)} use the key beyond encrypting with it (decrypt, re-encrypt, grant or manage), not in 'approvedAwsPrincipals'. Remove the grant or approve the principal; the root of the key's own account (the one account its provider's 'allowedAccountIds' names) leaves it to that account's IAM.`,
                    );
                }
                for (const { grant, grantee, operations } of grantsOf(ctx.model, k)) {
                    const beyond = operations.length === 0 ? [UNKNOWN] : operations.filter((op) => actionReaches(isString(op) ? `kms:${op}` : op, ["kms"]));
                    if (beyond.length === 0 || !outsider(grantee)) continue;
                    report(
                        grant,
                        `grant '${grant.name}' of ${named}, ${encrypts}, gives ${describePrincipal(grantee)} ${beyond.map((op) => (isString(op) ? op : "an operation not known at preview")).join(", ")}, not in 'approvedAwsPrincipals'. Grant only Encrypt or GenerateDataKey, or approve the grantee.`,
                    );
                }
            }
        }

        // Managed policies whose documents are not in the stack may reach every store of the account.
        for (const grant of foreignPolicyGrants(ctx.model)) {
            const outsiders = unapproved(grant.holders);
            if (outsiders.length === 0) continue;
            const who = outsiders.join(", ");
            const given =
                grant.at.type === IAM_ROLE
                    ? `IAM role '${grant.at.name}' holds ${someNames(grant.policies)}, and ${who} ${outsiders.length > 1 ? "are" : "is"} not in 'approvedAwsPrincipals'`
                    : `'${grant.at.name}' gives ${someNames(grant.policies)} to ${who}, not in 'approvedAwsPrincipals'`;
            report(
                grant.at,
                `${given}: ${grant.policies.length > 1 ? "their documents are" : "its document is"} not in the stack, so ${grant.policies.length > 1 ? "they" : "it"} may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.`,
            );
        }

        // An approved group is reached through its members: whoever the stack adds to it must be approved too.
        for (const { at, user, group } of groupMemberships(ctx.model)) {
            if (!isString(group) || !approvedAws.has(group) || (isString(user) && approvedAws.has(user))) continue;
            report(
                at,
                `'${at.name}' adds ${isString(user) ? `'${user}'` : "a user not known at preview"} to '${group}', an approved group, and that user is not in 'approvedAwsPrincipals'. Approve the user, or keep them out of the group.`,
            );
        }

        // An approved role is reached through its trust policy: whoever may assume it must be approved too, and an
        // approved web identity provider (an OIDC provider, Google, Cognito ...) only for the token subjects approved
        // for that role.
        const subjectsOf = ctx.settings.approvedOidcSubjects;
        for (const { role, approvedAs } of approvedRoles(ctx.model, approvedAws)) {
            const doc = parsePolicyDocument(get(role.props, "assumeRolePolicy"));
            const statements = doc ? statementsOf(doc) : [];
            const outsiders = statements.flatMap(outsidersOf);
            if (outsiders.length > 0)
                report(
                    role,
                    `the trust policy of IAM role '${role.name}', approved as '${approvedAs[0]}', lets ${describePrincipals(outsiders)} assume it, not in 'approvedAwsPrincipals'. Trust only approved principals (or AWS services), or approve them.`,
                );
            const subjects = new Set(approvedAs.flatMap((a) => (Object.hasOwn(subjectsOf, a) ? subjectsOf[a] : [])));
            for (const st of statements.filter(mayAllow)) {
                for (const provider of principalsOf(st).filter((p): p is string => isString(p) && approvedAws.has(p))) {
                    const identity = webIdentityOf(provider);
                    if (identity === undefined) continue;
                    const outside = unapprovedSubjects(subjectPinsOf(st, identity.subjectKey), subjects);
                    const trust = `the trust policy of IAM role '${role.name}', approved as '${approvedAs[0]}', lets tokens of ${identity.kind} ${provider}`;
                    if (outside === "any")
                        report(
                            role,
                            `${trust} with any subject assume it: it pins no '${identity.subjectKey}' (StringEquals or StringLike), and the provider issues tokens to anyone who uses it. Pin the claim to the subjects listed for '${approvedAs[0]}' in 'approvedOidcSubjects'.`,
                        );
                    else if (outside.length > 0)
                        report(
                            role,
                            `${trust} with subject ${outside.join(", ")} assume it, not in 'approvedOidcSubjects' for '${approvedAs[0]}'. Pin '${identity.subjectKey}' to the subjects approved for the role, or approve them there.`,
                        );
                }
            }
        }

        // Identity policies: any action of a US store's service but the few that only add to it, on a resource
        // pattern that may be that store. A resource not known at preview is a store the document is built from,
        // or, when it is built from none (an invoke's result, a stack reference), any store.
        const storeTypes = new Set([...ctx.model.facts.values()].filter((f) => holdsData(f.role)).map((f) => f.resource.type));
        // What a statement's resources are compared with, per US store: the same for every policy.
        const storeTargets = awsUsStores.map((store) => ({ store, services: servicesOf(store), arns: knownArnsOf(store) }));
        // The keys of US stores (and their replicas) too: where a key's policy leaves it to the account's IAM, as the
        // root statement and AWS's default policy do, an identity policy that allows kms:Decrypt on it reads the data.
        const keyTargets = [...storesOfKey].flatMap(([key, stores]) =>
            [key, ...replicasOf(ctx.model, key)].map((k) => ({
                store: k,
                services: ["kms"],
                arns: knownArnsOf(k),
                named: `key '${k.name}' of ${someNames(stores.map((s) => `'${s.name}'`))}`,
            })),
        );
        const storeOrKeyTypes = new Set([...storeTypes, ...KEY_TYPES]);
        // A region never approved for US user data holds none in a stack that passes its own gate; any other may.
        const mayHoldUsData = (region: string) => {
            const r = normalizeRegion("aws", region);
            if (!r.ok) return true;
            const at = makeLocation("aws", r.region);
            return (
                approvalFor(ctx.settings, "us-user-data", at, ctx.today) !== undefined ||
                expiredApproval(ctx.settings, "us-user-data", at, ctx.today) !== undefined
            );
        };
        for (const policy of identityPolicies(ctx.model)) {
            const doc = parsePolicyDocument(policy.document);
            if (!doc) continue;
            const outsiders = unapproved(policy.holders);
            if (outsiders.length === 0) continue;
            const builtFrom = ctx.model.index.dependenciesOf(policy.carrier, policy.prop, storeTypes);
            const builtFromKeyOrStore = ctx.model.index.dependenciesOf(policy.carrier, policy.prop, storeOrKeyTypes);
            const statements = statementsOf(doc);
            const reaches = (target: StoreTarget) => statements.some((st) => statementReaches(st, target, ctx.model.index));
            const keysReached = keyTargets
                .filter((t) => reaches({ ...t, unknownMayBe: builtFromKeyOrStore.length === 0 || builtFromKeyOrStore.includes(t.store) }))
                .map((t) => t.named);
            const reached = storeTargets
                .filter((t) => reaches({ ...t, unknownMayBe: builtFrom.length === 0 || builtFrom.includes(t.store) }))
                .map((t) => `'${t.store.name}'`)
                .concat(keysReached);
            // US data in S3 buckets of other stacks of the account, as this policy has always read a grant on every bucket;
            // and in any store outside the stack its documents name where US data may be.
            if (statements.some((st) => statementReachesAccount(st, ["s3"], builtFrom.length === 0))) reached.push("every S3 bucket of the account");
            const outside = [...new Set(statements.flatMap((st) => outsideStoresReached(st, ctx.model.index, mayHoldUsData)))];
            if (outside.length > 0) reached.push(`${someNames(outside.map((arn) => `'${arn}'`))}, outside this stack`);
            if (reached.length === 0) continue;
            report(
                policy.carrier,
                `${policy.label} allows reading, changing or deleting US user data (${someNames(reached)}), and ${outsiders.join(", ")} ${outsiders.length > 1 ? "are" : "is"} not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage${keysReached.length > 0 ? ", and kms:Encrypt or kms:GenerateDataKey on a key" : ""}), or approve the principal.`,
            );
        }
    },
});
