import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";
import type { PolicyResult } from "../analyzer/runAnalysis";

/** Checks the offline preview makes itself, reported beside the packs' results. */
export const ENGINE_CHECKS = "offline-preview";
export const BEHIND_UNKNOWNS = "resources-behind-unknowns";

/**
 * The resources the program registers only once values unknown at preview are known (inside an `apply`, a
 * promise on an output, ...): in the known pass, not in the preview pass. Default providers are the engine's own.
 */
export function resourcesOnlyInKnownPass(preview: ResourceGraph, known: ResourceGraph): GraphResource[] {
    const seen = new Set(preview.resources.map((r) => r.urn));
    return known.resources.filter((r) => !seen.has(r.urn) && !r.defaultProvider);
}

/** A mandatory result of one of the preview's own checks. */
export function engineResult(urn: string, name: string, message: string, policy = BEHIND_UNKNOWNS): PolicyResult {
    return { policyPack: ENGINE_CHECKS, policyPackVersion: "", policy, level: "mandatory", severity: "high", urn, name, message };
}

export function behindUnknownsViolation(r: GraphResource): PolicyResult {
    return engineResult(
        r.urn,
        r.name,
        `'${r.name}' (${r.type}) is only created once a value unknown at preview is known (it is declared inside an apply or a callback on an output), ` +
            "so the policies cannot check it before `pulumi up` creates it. Create it outside the apply: declare it at the top level and pass the output " +
            "as one of its inputs (e.g. `{ bucket: source.id }`) instead of constructing it in `.apply()`.",
    );
}

export function knownPassFailedViolation(reason: string): PolicyResult {
    return engineResult(
        "",
        "",
        `the second pass (the program run again with every output known) could not run: ${reason}. Until it runs, the preview cannot tell ` +
            "which resources `pulumi up` would create behind values unknown at preview.",
    );
}
