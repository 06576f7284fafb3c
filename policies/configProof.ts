/**
 * The proof of the policy config a pack judged with, as the pack gives it (analyzerLock.ts) and as whoever drove
 * the pack checks it (tools/analyzer/runAnalysis.ts): the sha256 of the applied config in canonical JSON, in the
 * `notApplicable` list of every `AnalyzeStack` response, under a name no policy has. The engine reads that list
 * only to count each policy of the pack as passed or not applicable (pulumi/pulumi
 * `pkg/resource/analyzer/summary.go`), so an entry for no policy of the pack changes nothing it shows.
 */
import { createHash } from "crypto";

/** The `policyName` of the proof's `PolicyNotApplicable` entry; its `reason` is `sha256:<hex>`. */
export const APPLIED_CONFIG_PROOF = "(applied-policy-config)";

/** A config as @pulumi/policy applies it: per policy, its properties and its `enforcementLevel`. */
export type AppliedConfig = Record<string, Record<string, unknown>>;

/** JSON with every object's keys sorted, so that equal configs give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value) ?? "null";
}

/** What the proof says for a config: `sha256:<hex>` of its canonical JSON. */
export function appliedConfigProof(config: AppliedConfig): string {
    return `sha256:${createHash("sha256").update(canonicalJson(config)).digest("hex")}`;
}
