import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { AnalyzerConnection } from "./connection";
import { analyzergrpc } from "./proto";
import { UserInputError } from "../errors";
import { packEntryPoint } from "./inProcessPack";
import { FACTS_FD, factsRequest } from "./factsProtocol";
import { diesWithParent, makeRunDir } from "../preview/sandbox/sandbox";
import type { ResourceGraph } from "../graph/resourceGraph";
import type { GraphFacts } from "../report/facts";

import * as grpc from "@grpc/grpc-js";

/** The command the Pulumi CLI runs to start a Node.js policy pack. */
export function runPolicyPackCommand(packDir: string): { command: string; args: string[]; cwd: string } {
    const pulumiRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [packDir] }));
    // The CLI passes its engine address; the pack never dials it, so any address will do here.
    return { command: process.execPath, args: [path.join(pulumiRoot, "cmd", "run-policy-pack"), "127.0.0.1:1", packDir], cwd: packDir };
}

/**
 * The offline preview's analyzer process (packHost.js): the same `require(<pack dir>)` with the pack dir as cwd,
 * and the same gRPC server, without run-policy-pack's ts-node and with `typescript` deferred. For compiled packs.
 */
export function packHostCommand(packDir: string): { command: string; args: string[]; cwd: string; socket: string } {
    // In a folder every program's box covers (sandbox.ts): no program can reach the pack.
    const socket = path.join(makeRunDir(), "pack.sock");
    const sigusr1 = process.allowedNodeEnvironmentFlags.has("--disable-sigusr1") ? ["--disable-sigusr1"] : [];
    return { command: process.execPath, args: [...sigusr1, path.join(__dirname, "packHost.js"), packDir, "--facts", "--socket", socket], cwd: packDir, socket };
}

type Unary<Req, Resp> = (
    request: Req,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (err: grpc.ServiceError | null, resp: Resp) => void,
) => unknown;

/** One call; with a deadline, gRPC cancels it then and fails it with DEADLINE_EXCEEDED. */
function unary<Req, Resp>(call: Unary<Req, Resp>, request: Req, deadline?: Date): Promise<Resp> {
    return new Promise((resolve, reject) =>
        call(request, new grpc.Metadata(), deadline ? { deadline } : {}, (err, resp) => (err ? reject(err) : resolve(resp))),
    );
}

/**
 * Starts a policy pack exactly as the CLI does (`run-policy-pack <engine> <pack dir>` with the pack dir as cwd),
 * waits for the port it prints, and talks to it over gRPC with the SDK's Analyzer stubs.
 */
export function launchPackOverGrpc(packDir: string, timeoutMs = 60_000, env: NodeJS.ProcessEnv = process.env): Promise<GrpcPack> {
    return launchPack(path.resolve(packDir), runPolicyPackCommand, timeoutMs, env);
}

/**
 * Starts a policy pack in the preview's own analyzer process (packHost.js) and talks to it over gRPC, as
 * launchPackOverGrpc does. A pack whose entry point is TypeScript needs run-policy-pack's ts-node: it gets that.
 */
export function launchPackHost(packDir: string, timeoutMs = 60_000, env: NodeJS.ProcessEnv = process.env): Promise<GrpcPack> {
    const dir = path.resolve(packDir);
    return launchPack(dir, packEntryPoint(dir).endsWith(".ts") ? runPolicyPackCommand : packHostCommand, timeoutMs, env);
}

export type GrpcPack = AnalyzerConnection & {
    process: ChildProcess;
    startupMs: number;
    /** The model facts of a graph, computed in the pack's process (packHost.js only; see packFacts.ts). */
    facts?: (graph: ResourceGraph, projectDir: string) => Promise<GraphFacts>;
};

/** How long the pack's process may take to work out the facts of a graph. */
const FACTS_DEADLINE_MS = 300_000;

function readFacts(child: ChildProcess, graph: ResourceGraph, projectDir: string): Promise<GraphFacts> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        const channel = child.stdio[FACTS_FD] as NodeJS.ReadableStream;
        const deadline = setTimeout(
            () => reject(new UserInputError(`the policy pack's process gave no model facts within ${FACTS_DEADLINE_MS / 1000} s`)),
            FACTS_DEADLINE_MS,
        );
        channel.on("data", (d: Buffer) => chunks.push(d));
        channel.once("end", () => {
            clearTimeout(deadline);
            try {
                resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as GraphFacts);
            } catch {
                reject(new Error("the policy pack's process gave no model facts"));
            }
        });
        child.stdin!.end(JSON.stringify(factsRequest(graph, projectDir)));
    });
}

async function launchPack(
    dir: string,
    commandOf: (dir: string) => { command: string; args: string[]; cwd: string; socket?: string },
    timeoutMs: number,
    env: NodeJS.ProcessEnv = process.env,
): Promise<GrpcPack> {
    const launch = commandOf(dir);
    const { cwd, socket } = launch;
    // The preview's own pack dies with the preview; a pack started as the CLI starts it is left as the CLI leaves it.
    const { command, args } = socket ? diesWithParent(launch.command, launch.args) : launch;
    const started = process.hrtime.bigint();
    const withFacts = args.includes("--facts");
    const child = spawn(command, args, { cwd, env, stdio: withFacts ? ["pipe", "pipe", "pipe", "pipe"] : ["ignore", "pipe", "pipe"] });
    child.stdin?.on("error", () => undefined);
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new UserInputError(`policy pack ${dir} printed no port within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
        readline.createInterface({ input: child.stdout! }).once("line", (line) => {
            clearTimeout(timer);
            resolve(line.trim());
        });
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new UserInputError(`policy pack ${dir} exited with ${code} before printing its port: ${stderr}`));
        });
    });
    const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
    const client = new analyzergrpc.AnalyzerClient(socket ? `unix:${socket}` : `127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        // channelz bookkeeping costs every call; nothing here reads it.
        "grpc.enable_channelz": 0,
    });
    return {
        label: path.relative(process.cwd(), dir) || ".",
        process: child,
        startupMs,
        facts: withFacts ? (graph, projectDir) => readFacts(child, graph, projectDir) : undefined,
        getAnalyzerInfo: (deadline) => unary(client.getAnalyzerInfo.bind(client), new Empty(), deadline),
        configureStack: async (req, deadline) => {
            await unary(client.configureStack.bind(client), req, deadline);
        },
        configure: async (req, deadline) => {
            await unary(client.configure.bind(client), req, deadline);
        },
        analyze: (req, deadline) => unary(client.analyze.bind(client), req, deadline),
        analyzeStack: (req, deadline) => unary(client.analyzeStack.bind(client), req, deadline),
        close: () => {
            client.close();
            child.kill();
            if (socket) fs.rmSync(path.dirname(socket), { recursive: true, force: true });
        },
    };
}
