/** What the parent sends the pack's process for the model facts (packFacts.ts), and on which file descriptor they come back. */
import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";

export const FACTS_FD = 3;

/** The graph as the parent holds it, properties in the JSON form of their Struct (secrets included: the pack sees them too). */
export interface FactsRequest {
    projectDir: string;
    graph: { project: string; stack: string; resources: (Omit<GraphResource, "properties"> & { properties: Record<string, unknown> })[] };
}

export function factsRequest(graph: ResourceGraph, projectDir: string): FactsRequest {
    return {
        projectDir,
        graph: {
            project: graph.project,
            stack: graph.stack,
            resources: graph.resources.map((r) => ({ ...r, properties: r.properties.toJavaScript() as Record<string, unknown> })),
        },
    };
}
