import type { StackModel } from "../../policies/model/stackModel";
import type { ResourceGraph } from "../graph/resourceGraph";

/** What a pack module may export beside registering its policies: this repository's pack exports `modelOfLastRun`. */
export interface PackExports {
    modelOfLastRun?: (urns: readonly string[]) => StackModel | undefined;
}

/** The model the pack's policies built over exactly this graph in their last run, if the pack can give it. */
export function modelOfLastRun(exports: PackExports | undefined, graph: ResourceGraph): StackModel | undefined {
    return typeof exports?.modelOfLastRun === "function" ? exports.modelOfLastRun(graph.resources.map((r) => r.urn)) : undefined;
}
