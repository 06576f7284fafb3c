import { UserInputError } from "../../errors";
import { lookupTable } from "../lookupTable";
import { nameOfUrn } from "../../analyzer/runAnalysis";
import { check, PolicyEvent, PreviewDigest, previewDigestSchema, ResourceV3 } from "../pulumiFormats";
import { graphOfStates, keysThePoliciesCannotSee } from "../stateGraph";
import { inputFromGraph } from "./fromGraph";
import type { Level, ReportInput, ReportPolicyResult } from "../model";

const DIGEST_KEYS = ["steps", "diagnostics", "changeSummary", "config", "duration", "maybeCorrupt"];

/** `pulumi preview --json` output: a `display.PreviewDigest`. */
export function isPulumiPreview(value: unknown): boolean {
    return typeof value === "object" && value !== null && !Array.isArray(value) && DIGEST_KEYS.some((k) => k in value);
}

/** Steps that leave no resource behind. */
const GONE = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

/** The state each resource will have after the preview's steps, in first-seen order. */
function statesAfter(digest: PreviewDigest): ResourceV3[] {
    const byUrn = new Map<string, ResourceV3 | undefined>();
    for (const step of digest.steps ?? []) {
        if (GONE.has(step.op)) {
            if (!byUrn.has(step.urn)) byUrn.set(step.urn, undefined);
            continue;
        }
        const state = step.newState ?? step.oldState;
        if (state) byUrn.set(step.urn, { ...state, urn: state.urn || step.urn, provider: state.provider ?? step.provider });
    }
    return [...byUrn.values()].filter((s): s is ResourceV3 => s !== undefined);
}

/** Pulumi's colorization directives, `<{%reset%}>` and the like. */
function uncolor(s: string): string {
    return s.replace(/<\{%[^%]*%\}>/g, "");
}

const LEVELS = lookupTable<Level>({
    warning: "advisory",
    advisory: "advisory",
    mandatory: "mandatory",
    remediate: "remediate",
    none: "disabled",
    disabled: "disabled",
});

function resultOf(e: PolicyEvent): ReportPolicyResult {
    const urn = e.resourceUrn ?? "";
    return {
        policyPack: e.policyPackName,
        policy: e.policyName,
        level: LEVELS[e.enforcementLevel] ?? "advisory",
        severity: "unspecified",
        urn,
        name: urn ? nameOfUrn(urn) : "",
        message: uncolor(e.message).trim(),
    };
}

/**
 * Report input from `pulumi preview --json`. Locations, classes and flows are computed from each
 * resource's state after its step (outputs, else inputs, as `AnalyzeStack` sees them; unknowns stay
 * unknown). `PreviewDigest` has no policy results: the CLI drops policy events from it, so policy results
 * are read only when the document carries `policyViolations` (apitype.PolicyEvent).
 */
export function readPulumiPreview(value: unknown, file: string): ReportInput {
    const what = `'pulumi preview --json' output ${file}`;
    let digest: PreviewDigest;
    try {
        digest = check<PreviewDigest>(previewDigestSchema, value, what);
    } catch (e) {
        throw new UserInputError((e as Error).message);
    }
    if (!digest.steps || digest.steps.length === 0) {
        throw new UserInputError(
            `${what} has no steps, so it describes no resources. Run 'pulumi preview --json --show-sames' on a stack with resources (unchanged resources are left out without --show-sames).`,
        );
    }
    const states = statesAfter(digest);
    if (states.length === 0) throw new UserInputError(`${what}: every step deletes its resource; there is nothing left to report on`);
    const graph = graphOfStates(states, "outputs-else-inputs");
    const input = inputFromGraph(graph, [], "pulumi-preview", file);
    const events = digest.policyViolations ?? [];
    const packs = new Map<string, string>();
    for (const e of events) packs.set(e.policyPackName, e.policyPackVersion);
    return {
        ...input,
        policyResultsAvailable: digest.policyViolations !== undefined && digest.policyViolations !== null,
        policyPacks: [...packs].map(([name, version]) => ({ name, version })),
        results: events.map(resultOf),
        diagnostics: [
            ...(digest.diagnostics ?? [])
                .filter((d) => d.severity === "error" || d.severity === "warning")
                .map((d) => ({ severity: d.severity ?? "", urn: d.urn ?? "", message: uncolor(`${d.prefix ?? ""}${d.message ?? ""}`).trim() })),
            ...keysThePoliciesCannotSee(states),
        ],
    };
}
