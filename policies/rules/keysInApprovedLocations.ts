import { KEY_TYPES } from "../model/catalogue";
import type { ModelResource } from "../model/graph";
import { locationOfArn } from "../model/arn";
import { residencyPolicy } from "../model/policyKit";
import { holdsData } from "../model/roles";
import { approvalFor, approvedList } from "../model/settings";
import { keyRefsOf } from "../model/storeKeys";

/**
 * US user data is encrypted with a customer-managed key held, with its replicas, in an approved location.
 * Asked of what keeps data at rest: stores, and types the catalogue does not classify (fail closed). A label
 * on an IAM role, a network or a permission does not make it hold data: those have nothing to encrypt.
 */
export const keysInApprovedLocations = residencyPolicy({
    name: "keys-in-approved-locations",
    description:
        "US user data is encrypted with a customer-managed key (AWS KMS or an OCI Vault key) that, with every replica of it, is in a location approved for US user data.",
    severity: "critical",
    roles: ["hygiene"],
    remediationSteps:
        "Encrypt the store with a KMS key or OCI Vault key created in this stack in an approved location (aws: SSE-KMS with kmsMasterKeyId; oci: kmsKeyId). Remove key replicas and vault replication to other locations.",
    check: (ctx, report) => {
        const usKeys = new Set<ModelResource>();
        let holdsUsData = false;
        ctx.each((f) => {
            if (!holdsData(f.role) || f.effectiveClass !== "us-user-data") return;
            holdsUsData = true;
            const store = f.resource;
            const refs = keyRefsOf(ctx.model, store);
            if (typeof refs === "string") {
                const unclassified =
                    f.role === "unclassified"
                        ? ` Its type (${store.type}) is not in the catalogue, so it is held to the rules of a store: if it keeps no data, classify it in policies/model/catalogue (see README, 'Classifying a resource type').`
                        : "";
                report(
                    store,
                    `'${store.name}' holds us-user-data but is not encrypted with a customer-managed key: ${refs}. Add one in an approved location.${unclassified}`,
                );
                return;
            }
            for (const ref of refs) {
                const resolved = ctx.model.index.resolve(ref.carrier, ref.path, ref.value, KEY_TYPES);
                if (resolved.kind === "resources") {
                    for (const key of resolved.resources) {
                        usKeys.add(key);
                        const loc = ctx.model.facts.get(key.urn)?.location;
                        if (loc?.kind !== "known") {
                            report(
                                store,
                                `the key '${key.name}' of '${store.name}' (us-user-data) has no determinable location${loc && "reason" in loc ? `: ${loc.reason}` : ""}. Pin the key's region.`,
                            );
                        } else if (!approvalFor(ctx.settings, "us-user-data", loc.location, ctx.today)) {
                            report(
                                store,
                                `the key '${key.name}' of '${store.name}' (us-user-data) is in ${loc.location}, not approved for us-user-data (approved: ${approvedList(ctx.settings, "us-user-data", ctx.today)}). Use a key in an approved location.`,
                            );
                        }
                    }
                } else if (resolved.kind === "external") {
                    const loc = locationOfArn(resolved.value);
                    if (!loc) {
                        report(
                            store,
                            `'${ref.carrier.name}'.${ref.path} names key '${resolved.value.slice(0, 120)}', which is outside this stack and whose location cannot be determined. Use a key ARN (with its region) or a key from this stack.`,
                        );
                    } else if (!approvalFor(ctx.settings, "us-user-data", loc, ctx.today)) {
                        report(
                            store,
                            `'${ref.carrier.name}'.${ref.path} names a key in ${loc}, not approved for us-user-data. Use a key in an approved location.`,
                        );
                    }
                } else {
                    report(
                        store,
                        `the key of '${store.name}' (us-user-data) cannot be determined: ${resolved.kind === "unknown" ? resolved.reason : `'${ref.path}' is empty`}. Reference a customer-managed key of this stack.`,
                    );
                }
            }
        });
        for (const flow of ctx.model.flows) {
            if (flow.kind !== "key-replica") continue;
            // A replica of a key outside the stack, or not known at preview, may be of the key of US user data here.
            const sources = flow.sources;
            const protectsUsData =
                sources.kind !== "resources"
                    ? holdsUsData
                    : sources.resources.some(
                          (s) =>
                              usKeys.has(s) || [...usKeys].some((k) => ctx.model.index.dependenciesOf(k, "managementEndpoint", new Set([s.type])).includes(s)),
                      );
            if (!protectsUsData) continue;
            const key =
                sources.kind === "resources"
                    ? "a key that protects us-user-data"
                    : `a key that may protect us-user-data (what it replicates cannot be determined: ${sources.reason})`;
            const orOwn = sources.kind === "resources" ? "" : ", or replicate a key of this stack";
            const dest = flow.destination;
            const locations =
                dest.kind === "location"
                    ? [dest.location]
                    : dest.kind === "resources"
                      ? dest.resources.map((r) => {
                            const l = ctx.model.facts.get(r.urn)?.location;
                            return l?.kind === "known" ? l.location : undefined;
                        })
                      : [undefined];
            for (const loc of locations) {
                if (!loc) report(flow.carrier, `key replica '${flow.carrier.name}' of ${key} has no determinable location. Pin its region or remove it.`);
                else if (!approvalFor(ctx.settings, "us-user-data", loc, ctx.today))
                    report(
                        flow.carrier,
                        `key replica '${flow.carrier.name}' puts ${key} in ${loc}, not approved for us-user-data. Remove the replica${orOwn}.`,
                    );
            }
        }
    },
});
