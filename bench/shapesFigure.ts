import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DeclaredShapes } from "../tools/preview/shapes/declaredShapes";
import { knownOutputs } from "../tools/preview/shapes/knownValues";
import { runTimed } from "./childProcess";
import { REPO_ROOT } from "./paths";
import { PREVIEW_STACK } from "./processFigures";
import { Plan, sample } from "./sampling";
import type { Summary } from "./stats";

/** What the second pass's values cost: reading the declared shapes and generating every output. */
export interface ShapesResult {
    /** Custom resources of the us-prod preview's graph. */
    resources: number;
    /** All of them through `knownOutputs`, with a fresh reader each run (files read and parsed, values made). */
    usProd: Summary;
    filesRead: number;
    bytesRead: number;
    /** One class's own declaration (`aws:s3/bucket:Bucket`), fresh reader. */
    oneClass: Summary;
    /** The same class's outputs generated, with the nested output types it references (types/output.d.ts indexed). */
    oneClassWithTypes: Summary;
    /** Every interface of @pulumi/aws's types/output.d.ts parsed, fresh reader. */
    wholeAwsOutputs: Summary;
    awsInterfaces: number;
}

interface GraphResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    provider?: string;
    properties: Record<string, unknown>;
}

/** The us-prod graph as the preview captured it (`--graph`): every resource with its inputs and provider. */
async function usProdGraph(): Promise<GraphResource[]> {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-shapes-")), "graph.json");
    const run = await runTimed(process.execPath, [path.join(REPO_ROOT, "bin", "preview.js"), "--stack", PREVIEW_STACK, "--graph", file], { cwd: REPO_ROOT });
    if (run.code !== 0 && run.code !== 1) throw new Error(`the offline preview failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
    const graph = JSON.parse(fs.readFileSync(file, "utf8")) as { resources: GraphResource[] };
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    return graph.resources;
}

/** Every `namespace.Interface` of a types file, found line by line. */
function interfacesOf(file: string): string[][] {
    const names: string[][] = [];
    let namespace = "";
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        if (line.startsWith("export declare namespace ")) namespace = line.slice("export declare namespace ".length, line.indexOf(" {"));
        else if (line.startsWith("export interface ")) names.push([line.slice("export interface ".length, line.indexOf(" {"))]);
        else if (line.startsWith("    interface ")) names.push([namespace, line.slice("    interface ".length, line.indexOf(" {"))]);
    }
    return names;
}

const elapsed = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

export async function measureShapes(plan: Plan): Promise<ShapesResult> {
    const programDir = path.join(REPO_ROOT, "infra");
    const graph = await usProdGraph();
    const providers = new Map(graph.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r.properties]));
    const registrations = graph
        .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
        .map((r) => {
            const providerUrn = r.provider?.slice(0, r.provider.lastIndexOf("::"));
            const region = providerUrn ? providers.get(providerUrn)?.region : undefined;
            return { ...r, region: typeof region === "string" ? region : undefined };
        });

    let last: DeclaredShapes | undefined;
    const usProd = await sample(plan, async () => {
        const started = process.hrtime.bigint();
        const shapes = new DeclaredShapes(programDir);
        for (const r of registrations) {
            knownOutputs(r.type, r.name, r.properties, { project: "us-data-residency", stack: PREVIEW_STACK, shapes, region: r.region }, { urn: r.urn });
        }
        last = shapes;
        return elapsed(started);
    });

    const oneClass = await sample(plan, async () => {
        const started = process.hrtime.bigint();
        if (!new DeclaredShapes(programDir).resourceOutputs("aws:s3/bucket:Bucket").ok) throw new Error("aws:s3/bucket:Bucket's shape was not read");
        return elapsed(started);
    });
    const oneClassWithTypes = await sample(plan, async () => {
        const started = process.hrtime.bigint();
        const known = knownOutputs(
            "aws:s3/bucket:Bucket",
            "bench",
            {},
            { project: "bench", stack: "bench", shapes: new DeclaredShapes(programDir), region: "us-east-1" },
        );
        if (known.unread) throw new Error(known.unread);
        return elapsed(started);
    });

    const typesFile = path.join(REPO_ROOT, "node_modules", "@pulumi", "aws", "types", "output.d.ts");
    const interfaces = interfacesOf(typesFile);
    const wholeAwsOutputs = await sample(plan, async () => {
        const started = process.hrtime.bigint();
        const shapes = new DeclaredShapes(programDir);
        // The reader knows the package once a class of it was read; then every interface of its types file.
        shapes.resourceOutputs("aws:s3/bucket:Bucket");
        for (const names of interfaces) {
            const fields = shapes.interfaceFields(typesFile, names);
            if (!fields.ok) throw new Error(`${names.join(".")}: ${fields.reason}`);
        }
        return elapsed(started);
    });

    return {
        resources: registrations.length,
        usProd,
        filesRead: last?.stats.filesRead ?? 0,
        bytesRead: last?.stats.bytesRead ?? 0,
        oneClass,
        oneClassWithTypes,
        wholeAwsOutputs,
        awsInterfaces: interfaces.length,
    };
}
