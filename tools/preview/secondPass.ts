/**
 * The second pass judged: the program's run with every output known, analyzed by the same packs (already
 * configured: the graph is new, the config is not). Two things come of it:
 * - what the program registers only once values unknown at preview are known (inside an `apply`, a promise on an
 *   output, ...): each such resource is a violation in itself, and the packs still name what it breaks;
 * - for every resource both passes registered, the residency results that only the known values show. A
 *   destination or region unknown at preview is judged in the preview pass by the resources its property depends
 *   on; that holds for an unknown that came from a resource's output, not for one from an invoke or a stack
 *   reference (an ARN built from `getCallerIdentity` names no dependency). With every value known, the pack judges
 *   the value itself; a value the offline engine had to make up resolves to nothing the stack has, and fails closed.
 */
import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";
import type { PackRun, PolicyResult } from "../analyzer/runAnalysis";
import { analyzeGraph } from "../analyzer/runAnalysis";
import { coreResidencyPolicies } from "../analyzer/policyInfo";
import type { AnalyzerConnection } from "../analyzer/connection";
import { behindUnknownsViolation, knownPassFailedViolation, resourcesOnlyInKnownPass } from "./behindUnknowns";
import { providerUrnOf } from "../graph/resourceGraph";
import type { ReadExisting, RemoteComponent } from "./engine/deployment";
import { readExistingPartialBecause, readExistingViolation } from "./readExisting";
import { partialBecause as remotePartialBecause } from "./remoteComponents";

/**
 * What the second, known-outputs run of the program gave: its registrations, the existing resources it read and its
 * multi-language components (which the engine recorded apart), or why it could not run.
 */
export type KnownPassOutcome = ({ ok: true; resources: GraphResource[] } & SeenApart) | { ok: false; message: string };

/** What a pass saw that the graph does not hold: existing resources read, multi-language components. */
export interface SeenApart {
    readExisting: ReadExisting[];
    remoteComponents: RemoteComponent[];
}

export interface SecondPassVerdict {
    /** Resources only the known pass registered, with the default providers they use. */
    added: GraphResource[];
    /** One mandatory violation per hidden resource (or one for a known pass that failed). */
    engineResults: PolicyResult[];
    /** Each pack's results from the known pass: about the hidden resources, and the residency results only known values show. */
    packResults: PolicyResult[][];
    /** What makes the verdict partial that only the known pass showed: an existing resource read, a multi-language component. */
    partial: string[];
}

const NOTHING: SecondPassVerdict = { added: [], engineResults: [], packResults: [], partial: [] };

/**
 * An existing resource the program reads, or a multi-language component it declares, only once values unknown at
 * preview are known (inside an `apply`): the preview pass never saw it, yet its state (or its children) is just as
 * unseen. Each is the preview's own mandatory result and a line of the partial verdict, as in the preview pass.
 */
export function seenOnlyInKnownPass(previewSaw: SeenApart, known: SeenApart): Pick<SecondPassVerdict, "engineResults" | "partial"> {
    const readUrns = new Set(previewSaw.readExisting.map((r) => r.urn));
    const componentUrns = new Set(previewSaw.remoteComponents.map((c) => c.urn));
    const reads = known.readExisting.filter((r, i, all) => !readUrns.has(r.urn) && all.findIndex((o) => o.urn === r.urn) === i);
    const components = known.remoteComponents.filter((c) => !componentUrns.has(c.urn));
    const inKnownPass = (r: PolicyResult) => ({ ...r, message: `with every value known (the second pass): ${r.message}` });
    return {
        engineResults: reads.map(readExistingViolation).map(inKnownPass),
        partial: [...readExistingPartialBecause(reads), ...remotePartialBecause(components)].map((line) => `${line} (second pass)`),
    };
}

function key(r: PolicyResult): string {
    return `${r.policyPack}\0${r.policy}\0${r.urn}`;
}

/**
 * A mandatory result of a core residency policy (its role, from the pack) in the known pass, about a resource of
 * both passes, that the preview pass did not report.
 */
function onlyKnownValuesShow(r: PolicyResult, core: ReadonlySet<string>, previewKeys: Set<string>, previewUrns: Set<string>): boolean {
    return r.level === "mandatory" && core.has(r.policy) && previewUrns.has(r.urn) && !previewKeys.has(key(r));
}

export async function judgeSecondPass(
    preview: ResourceGraph,
    previewSaw: SeenApart,
    previewRuns: PackRun[],
    known: KnownPassOutcome | undefined,
    packs: AnalyzerConnection[],
): Promise<SecondPassVerdict> {
    if (!known) return NOTHING;
    if (!known.ok) return { ...NOTHING, engineResults: [knownPassFailedViolation(known.message)] };
    const knownGraph: ResourceGraph = { project: preview.project, stack: preview.stack, resources: known.resources };
    const hidden = resourcesOnlyInKnownPass(preview, knownGraph);
    const hiddenUrns = new Set(hidden.map((r) => r.urn));
    const previewUrns = new Set(preview.resources.map((r) => r.urn));
    const packResults: PolicyResult[][] = [];
    for (const [i, conn] of packs.entries()) {
        const run = previewRuns[i];
        const previewKeys = new Set(run.results.map(key));
        const core = coreResidencyPolicies(run.pack);
        const results = await analyzeGraph(conn, knownGraph);
        packResults.push(
            results
                .filter((r) => hiddenUrns.has(r.urn) || onlyKnownValuesShow(r, core, previewKeys, previewUrns))
                .map((r) => (hiddenUrns.has(r.urn) ? r : { ...r, message: `with every value known (the second pass): ${r.message}` })),
        );
    }
    const providers = knownGraph.resources.filter(
        (r) => r.defaultProvider && !previewUrns.has(r.urn) && hidden.some((h) => providerUrnOf(h.provider) === r.urn),
    );
    const apart = seenOnlyInKnownPass(previewSaw, known);
    return {
        added: [...providers, ...hidden],
        engineResults: [...hidden.map(behindUnknownsViolation), ...apart.engineResults],
        packResults,
        partial: apart.partial,
    };
}
