import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource, ResourceGraph } from "./resourceGraph";

/** A resource graph as JSON: properties keep the engine's unknown sentinel and secret envelopes as they are. */
export interface GraphFile {
    version: 1;
    project: string;
    stack: string;
    resources: (Omit<GraphResource, "properties"> & { properties: Record<string, unknown> })[];
}

export function graphToJson(graph: ResourceGraph): GraphFile {
    return {
        version: 1,
        project: graph.project,
        stack: graph.stack,
        resources: graph.resources.map((r) => {
            // The file holds what the analyzer is sent; the package version only picked default providers.
            const { properties, packageVersion: _packageVersion, ...rest } = r;
            return { ...rest, properties: properties.toJavaScript() as Record<string, unknown> };
        }),
    };
}

export function graphFromJson(file: GraphFile): ResourceGraph {
    if (file.version !== 1 || !Array.isArray(file.resources)) throw new Error("not a resource graph file of version 1");
    return {
        project: file.project,
        stack: file.stack,
        resources: file.resources.map((r) => ({ ...r, properties: Struct.fromJavaScript(r.properties as never) })),
    };
}
