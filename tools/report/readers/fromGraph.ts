import type { ResourceGraph } from "../../graph/resourceGraph";
import type { PackRun } from "../../analyzer/runAnalysis";
import { reportInputOf } from "../facts";
import { PROJECT_ROOT } from "../stateGraph";
import type { SettingsInForce } from "../settingsInForce";
import type { InputKind, ReportInput } from "../model";

/**
 * Report input of a graph read from a Pulumi file (a checkpoint or `pulumi preview --json`): the same
 * facts function as the offline preview, in memory, so there is one truth for locations and flows.
 */
export function inputFromGraph(
    graph: ResourceGraph,
    runs: { path: string; run: PackRun }[],
    kind: InputKind,
    file: string | null,
    settings?: SettingsInForce,
): ReportInput {
    return reportInputOf(graph, runs, { kind, file, projectDir: PROJECT_ROOT, settings });
}
