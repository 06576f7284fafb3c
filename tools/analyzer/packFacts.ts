/**
 * The model facts of the offline preview (resources with location, class and role, and copies of data),
 * computed in the analyzer's process, which has @pulumi/policy and @pulumi/pulumi loaded already: the
 * parent then loads neither. They come from the model the pack's policies built when they analyzed the same
 * graph (`modelOfLastRun`); only a graph the pack did not analyze gets a model of its own. Input on stdin: one
 * FactsRequest; output on fd 3: the facts as JSON.
 */
import * as fs from "fs";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { graphFacts } from "../report/facts";
import type { ResourceGraph } from "../graph/resourceGraph";
import { FACTS_FD, FactsRequest } from "./factsProtocol";
import { modelOfLastRun, type PackExports } from "./packExports";

/** Resolves false when stdin ended with no request: the parent is gone, and the pack's process should end too. */
export async function serveFacts(): Promise<boolean> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    if (chunks.length === 0) return false;
    const req = JSON.parse(Buffer.concat(chunks).toString("utf8")) as FactsRequest;
    const graph: ResourceGraph = {
        project: req.graph.project,
        stack: req.graph.stack,
        resources: req.graph.resources.map((r) => ({ ...r, properties: Struct.fromJavaScript(r.properties as never) })),
    };
    // The pack packHost.js loaded: the same module, from require's cache.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pack = require(path.resolve(process.argv[2] || ".")) as PackExports;
    const bytes = Buffer.from(JSON.stringify(graphFacts(graph, req.projectDir, modelOfLastRun(pack, graph))));
    let offset = 0;
    while (offset < bytes.length) {
        try {
            offset += fs.writeSync(FACTS_FD, bytes, offset);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
        }
    }
    fs.closeSync(FACTS_FD);
    return true;
}
