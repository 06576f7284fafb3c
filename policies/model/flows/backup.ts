/** AWS Backup: a selection sends its stores to each rule's target vault and copy actions of its plan. */
import { DATA_STORE_TYPES, TYPE_TOKENS } from "../catalogue";
import type { ModelResource } from "../graph";
import { resolveLocation } from "../location";
import { get, list, UNKNOWN, isString } from "../unknown";
import { backupSelectionParts } from "../selectors";
import { strictest, type DataClass } from "../dataClass";
import { Extractor, Flow, FlowDestination, FlowSources, referenceDestination, set } from "./flow";

const BACKUP_VAULTS = set(TYPE_TOKENS.backupVault, TYPE_TOKENS.backupAirGappedVault);

function planRegionDestination(plan: ModelResource, path: string): FlowDestination {
    const loc = resolveLocation(plan);
    if (loc.kind === "known")
        return { kind: "location", location: loc.location, detail: `the region of backup plan '${plan.name}' ('${path}' names a vault there)` };
    if (loc.kind === "unknown" || loc.kind === "invalid")
        return { kind: "unknown", reason: `'${path}' names a vault in the backup plan's region, and that is ${loc.kind}: ${loc.reason}` };
    return { kind: "unknown", reason: `'${path}' names a vault outside this stack` };
}

export const backupExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.backupSelection]: (r, index) => {
        const planRef = index.resolve(r, "planId", get(r.props, "planId"), set(TYPE_TOKENS.backupPlan));
        const resources = list(r.props, "resources");
        let sources: FlowSources;
        if (resources === UNKNOWN) {
            const byGraph = index.candidatesOf(r, "resources", DATA_STORE_TYPES);
            sources = byGraph.length > 0 ? { kind: "resources", resources: byGraph } : { kind: "unknown", reason: "'resources' is not known at preview" };
        } else {
            const found: ModelResource[] = [];
            let unresolved: string | undefined;
            resources.forEach((value, i) => {
                // Patterns ('*', 'arn:aws:dynamodb:*:*:table/*') are selectors, matched below.
                if (isString(value) && (value.includes("*") || !value.startsWith("arn:"))) return;
                const ref = index.resolveSources(r, `resources[${i}]`, value, DATA_STORE_TYPES);
                if (ref.kind === "resources") found.push(...ref.resources.filter((x) => !found.includes(x)));
                else if (ref.kind === "unknown") unresolved = ref.reason;
                else if (ref.kind === "external") unresolved = `'resources[${i}]' ('${String(value).slice(0, 120)}') is not a store of this stack`;
            });
            // Tags, conditions and ARN patterns: every store of the stack they match, and what they can match beyond it.
            const { parts, pin } = backupSelectionParts(r, index);
            let atLeast: DataClass | undefined;
            const why: string[] = [];
            for (const part of parts) {
                for (const m of part.matched) if (!found.includes(m)) found.push(m);
                if (part.beyond) {
                    const c: DataClass = part.beyond === "any" ? (pin ?? "us-user-data") : pin ? strictest(pin, part.beyond) : part.beyond;
                    atLeast = atLeast ? strictest(atLeast, c) : c;
                    why.push(`${part.what} can match stores outside this stack${part.beyond === "any" && !pin ? " (held to us-user-data)" : ` labelled ${c}`}`);
                }
            }
            sources = !unresolved
                ? { kind: "resources", resources: found, atLeast, atLeastWhy: why.join("; ") || undefined }
                : { kind: "unknown", reason: unresolved };
        }
        if (planRef.kind !== "resources") {
            const reason =
                planRef.kind === "external"
                    ? `backup plan '${planRef.value.slice(0, 120)}' is outside this stack`
                    : planRef.kind === "unknown"
                      ? planRef.reason
                      : "'planId' is not set";
            return [{ kind: "backup", carrier: r, property: "planId", sources, destination: { kind: "unknown", reason } }];
        }
        const flows: Flow[] = [];
        for (const plan of planRef.resources) {
            const rules = list(plan.props, "rules");
            if (rules === UNKNOWN) {
                flows.push({
                    kind: "backup",
                    carrier: plan,
                    property: "rules",
                    sources,
                    destination: { kind: "unknown", reason: `'rules' of backup plan '${plan.name}' is not known at preview` },
                });
                continue;
            }
            rules.forEach((rule, i) => {
                const vaultPath = `rules[${i}].targetVaultName`;
                const targetRef = index.resolve(plan, vaultPath, get(rule, "targetVaultName"), BACKUP_VAULTS);
                // A target vault is named, not addressed: AWS Backup keeps it in the plan's own region.
                const target =
                    targetRef.kind === "external" || targetRef.kind === "unknown"
                        ? planRegionDestination(plan, vaultPath)
                        : referenceDestination(targetRef, vaultPath);
                if (target) flows.push({ kind: "backup", carrier: plan, property: vaultPath, sources, destination: target });
                const copies = list(rule, "copyActions");
                if (copies === UNKNOWN) {
                    flows.push({
                        kind: "backup-copy",
                        carrier: plan,
                        property: `rules[${i}].copyActions`,
                        sources,
                        destination: { kind: "unknown", reason: `'rules[${i}].copyActions' is not known at preview` },
                    });
                    return;
                }
                copies.forEach((copy, j) => {
                    const path = `rules[${i}].copyActions[${j}].destinationVaultArn`;
                    const dest = referenceDestination(index.resolve(plan, path, get(copy, "destinationVaultArn"), BACKUP_VAULTS), path) ?? {
                        kind: "unknown" as const,
                        reason: `'${path}' is not set`,
                    };
                    flows.push({ kind: "backup-copy", carrier: plan, property: path, sources, destination: dest });
                });
            });
        }
        return flows;
    },
};
