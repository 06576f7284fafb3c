import type { PackRun, PolicyResult } from "../analyzer/runAnalysis";
import type { ResourceGraph } from "../graph/resourceGraph";
import { buildReport } from "./buildReport";
import { GraphFacts, reportInputOf } from "./facts";
import { renderReport } from "./render";
import { settingsInForce } from "./settingsInForce";

/**
 * The Markdown report of an offline preview (`npm run preview -- --report FILE`): built in memory from
 * the preview's graph and pack runs, with the settings of the `--policy-pack-config` files in force.
 */
export function previewReport(
    graph: ResourceGraph,
    runs: { path: string; run: PackRun }[],
    projectDir: string,
    configFiles: string[],
    acceptedWeakenedConfig = false,
    facts?: GraphFacts,
    engineResults: PolicyResult[] = [],
    scope: { partial: string[]; unisolated: boolean } = { partial: [], unisolated: false },
): string {
    const settings = settingsInForce(runs, configFiles);
    return renderReport(
        buildReport(reportInputOf(graph, runs, { kind: "offline-preview", file: null, projectDir, settings, acceptedWeakenedConfig, facts, engineResults, ...scope })),
        "md",
    );
}
