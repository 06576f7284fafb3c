import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { REDACTED, SECRET_SIG_KEY, SECRET_SIG_VALUE } from "../secrets";
import type { GraphResource, ResourceGraph } from "./resourceGraph";

/** A property value with every secret envelope's content replaced by "[secret]" (the envelope stays, so the file still says it was secret). */
function withoutSecrets(value: unknown, depth = 0): unknown {
    if (depth > 512 || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => withoutSecrets(v, depth + 1));
    const obj = value as Record<string, unknown>;
    if (obj[SECRET_SIG_KEY] === SECRET_SIG_VALUE) return { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value: REDACTED };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj))
        Object.defineProperty(out, k, { value: withoutSecrets(v, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
}

/** A resource graph as JSON: properties keep the engine's unknown sentinel; secret envelopes keep their signature, never their value. */
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
            return { ...rest, properties: withoutSecrets(properties.toJavaScript()) as Record<string, unknown> };
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
