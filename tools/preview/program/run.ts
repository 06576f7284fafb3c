/**
 * One run of the program, as the engine runs it through the Node language host: the SDK's own `cmd/run` (the
 * program's copy of @pulumi/pulumi, as the host resolves it) with the host's arguments and environment, in the box,
 * against the resource monitor this process serves (engine/monitorServer.ts). The graph is accepted only when the
 * program exited by itself with code 0, within the deadline, after the engine saw its root stack and the stack's
 * outputs registered and answered every request; what the program says about itself is never asked.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource } from "../../graph/resourceGraph";
import type { PulumiProject, StackConfig } from "../project";
import type { StackOutputsByName } from "../stackOutputs";
import { UserInputError } from "../../errors";
import { Deployment, EngineLog, ReadExisting, RemoteComponent, UnknownInvoke } from "../engine/deployment";
import { ProgramCallbacks } from "../engine/callbacks";
import { serveEngine } from "../engine/monitorServer";
import { boxed, boxFailure, diesWithParent, makeRunDir } from "../sandbox/sandbox";
import { programEnvironment } from "./environment";
import { COMPILER_MARKER, FILLED_MARKER, TranspileFill } from "./transpileFill";

export const DEFAULT_TIMEOUT_SECONDS = 120;
export const DEFAULT_MAX_PROGRAM_MEMORY_MB = 2048;
/** The organization the offline preview runs as (`pulumi preview` asks the backend; offline there is none). */
export const OFFLINE_ORGANIZATION = "organization";

/** The program did not give a graph the preview can decide on. Exit 2. */
export class ProgramRunError extends UserInputError {
    constructor(
        message: string,
        /** The program's own error, when it threw after the engine answered invokes unknown (it may have read them as undefined). */
        readonly afterUnknownInvokes?: string,
    ) {
        super(message);
    }
}

export interface ProgramRunOptions {
    project: PulumiProject;
    stack: string;
    config: StackConfig;
    stackOutputs: StackOutputsByName;
    /** The second pass: every output known. */
    knownOutputs: boolean;
    /** A preview pass whose invokes the cloud decides answer with made-up results (Deployment's `madeUpInvokes`). */
    madeUpInvokes?: boolean;
    timeoutSeconds: number;
    maxMemoryMb: number;
    /** Run without the box (`--unisolated`): never a gate. */
    unisolated: boolean;
    onResource?: (r: GraphResource) => void;
    /** Called once, when the engine first answers the program with a value unknown at preview. */
    onFirstUnknown?: () => void;
    /** The transpile cache the parent fills (transpileFill.ts); capture.ts gives none without the box. */
    transpileCache?: Pick<TranspileFill, "dir" | "filled" | "compiler">;
    /** Where the program's own stdout, stderr and log messages go (never the parent's stdout, which carries the verdict). */
    programOutput: (line: string) => void;
}

export interface ProgramRunResult {
    resources: GraphResource[];
    outputs?: Struct;
    /** Invokes whose result was unknown (not determined by stack config). */
    unknownInvokes: UnknownInvoke[];
    /** Each kind of unknown value the engine answered the program with: a second pass can find more when any. */
    unknownsAnswered: string[];
    remoteComponents: RemoteComponent[];
    /** Existing resources the program read with `.get()`, whose state no offline run can see. */
    readExisting: ReadExisting[];
}

export interface ProgramRun {
    result: Promise<ProgramRunResult>;
    /** Settles once the program's process is started (or its run failed first). */
    spawned: Promise<void>;
    kill(): void;
}

/** The repository that holds the preview's own files (tools/, bin/). */
const TOOLS_ROOT = path.resolve(__dirname, "..", "..", "..");

const NODE_SUPPORTS = (flag: string) => process.allowedNodeEnvironmentFlags.has(flag);

/**
 * Node's permission model inside the box, where it lets the SDK serialize closures (`--allow-inspector`, Node 24):
 * the program writes only where the box lets it, starts no process, and loads no native addon. Worker threads are
 * allowed (they inherit the same permissions): Node runs the module hooks of an ES-module TypeScript program in one.
 * Node's warning that the inspector may weaken the model is not printed for each program: the box holds without it.
 * On an older Node the box alone holds it.
 */
function permissionFlags(writable: string[]): string[] {
    if (!NODE_SUPPORTS("--allow-inspector")) return [];
    return [
        "--permission",
        "--allow-fs-read=*",
        ...writable.map((w) => `--allow-fs-write=${w}`),
        "--allow-inspector",
        "--allow-worker",
        "--disable-warning=SecurityWarning",
    ];
}

/**
 * What the program reads that may be under /tmp, which its box replaces: its project, the folder its SDK's runner
 * is resolved from, the preview's own files (preload.js, enter.sh) and the Node it runs on.
 */
function programReads(projectDir: string, pwd: string): string[] {
    const real = (p: string) => fs.realpathSync(p);
    const runner = real(resolveRunner(pwd));
    const modules = runner.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    const sdkModules = modules >= 0 ? runner.slice(0, modules + "/node_modules".length) : path.dirname(runner);
    return [real(projectDir), sdkModules, real(TOOLS_ROOT), path.dirname(real(process.execPath))];
}

/** What the language host runs: `pwd` and the entry point from `main` (pkg/engine/project.go, getPwdMain). */
export function pwdAndEntry(project: PulumiProject): { pwd: string; entry: string } {
    const main = project.program;
    if (main === project.dir) return { pwd: project.dir, entry: "." };
    if (fs.statSync(main).isDirectory()) return { pwd: main, entry: "." };
    return { pwd: path.dirname(main), entry: path.basename(main) };
}

function resolveRunner(pwd: string): string {
    try {
        return require.resolve("@pulumi/pulumi/cmd/run", { paths: [pwd] });
    } catch {
        throw new ProgramRunError(`the program in ${pwd} cannot load @pulumi/pulumi: install its dependencies (npm ci) first`);
    }
}

/** Terminal colour and cursor sequences (the SDK logs errors through `util.inspect` with colours). */
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

function oneLine(text: string): string {
    return text
        .replace(ANSI_SEQUENCE, "")
        .replace(/\s*\n\s*/g, " ")
        .trim()
        .slice(0, 1000);
}

/** The cause the program reported through the engine, as one line: the SDK's own header dropped. */
export function programError(logs: EngineLog[]): string | undefined {
    const error = logs.find((l) => l.severity === "error");
    if (!error) return undefined;
    const lines = error.message
        .replace(ANSI_SEQUENCE, "")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);
    const header = /^Running program '.*' failed with an unhandled exception:$/;
    const body = header.test(lines[0] ?? "") ? lines.slice(1) : lines;
    // The error's own message is its first line(s), before the stack ("at ..."); what `util.inspect` prints after
    // the stack (the error's own properties, such as the SDK's `promise: Promise { <rejected> [Circular *1] }`) and
    // its `<ref *1>` marker add nothing to the one line.
    const stackStart = body.findIndex((l) => l.startsWith("at "));
    const message = (stackStart > 0 ? body.slice(0, stackStart) : body.filter((l) => !l.startsWith("at ")))
        .slice(0, 3)
        .join(" ")
        .replace(/^<ref \*\d+> /, "");
    return oneLine(message || lines[0] || error.message);
}

/** The first five of `items`, and how many more. */
export function firstFive(items: string[]): string {
    return items.slice(0, 5).join(", ") + (items.length > 5 ? ` and ${items.length - 5} more` : "");
}

/**
 * What a failing preview pass was answered unknown, which its code may have read as undefined: `pulumi preview`
 * runs invokes against the cloud, offline their results are unknown unless config decides them (a promise-form
 * result's unknown fields arrive as undefined, so `getSubnets().then((r) => r.ids.slice(0, 2))` throws).
 */
export function unknownInvokesHint(unknown: UnknownInvoke[]): string {
    if (unknown.length === 0) return "";
    const tokens = unknown.map((u) => u.token);
    const listed = firstFive(tokens);
    return ` (the preview answered ${tokens.length === 1 ? "an invoke" : "invokes"} unknown, which the program may have read as undefined: ${listed}; \`pulumi preview\` asks the cloud for them, and the offline preview makes none up: README, "Invokes")`;
}

/** V8's own fatal error lines (`# Fatal error in ...`, `# Check failed: ...`), which it prints before it aborts. */
export function v8FatalOf(line: string): string | undefined {
    const m = /^\s*# ((?:Fatal error in|Check failed:).*)$/.exec(line);
    return m ? m[1].trim() : undefined;
}

export function startProgramRun(opts: ProgramRunOptions): ProgramRun {
    let child: ReturnType<typeof spawn> | undefined;
    let killed = false;
    const kill = () => {
        killed = true;
        child?.kill("SIGKILL");
    };
    let markSpawned = () => {};
    const spawned = new Promise<void>((resolve) => (markSpawned = resolve));
    const result = run(opts, (c) => {
        child = c;
        markSpawned();
        if (killed) c.kill("SIGKILL");
    });
    result.then(markSpawned, markSpawned);
    return { result, spawned, kill };
}

async function run(opts: ProgramRunOptions, started: (child: ReturnType<typeof spawn>) => void): Promise<ProgramRunResult> {
    const { project, stack, config, maxMemoryMb } = opts;
    const runDir = makeRunDir();
    const callbacks = new ProgramCallbacks(runDir);
    const { pwd, entry } = pwdAndEntry(project);
    const deployment = new Deployment({
        project: project.name,
        stack,
        organization: OFFLINE_ORGANIZATION,
        config: config.values,
        secretKeys: config.secretKeys,
        invokeContext: { project: project.name, config: config.values, programDir: pwd },
        stackOutputs: opts.stackOutputs,
        knownOutputs: opts.knownOutputs,
        madeUpInvokes: opts.madeUpInvokes,
        callbacks,
        onRegister: opts.onResource,
        onFirstUnknown: opts.onFirstUnknown,
        onLog: (l) => {
            if (l.severity !== "debug") opts.programOutput(`    program ${l.severity}: ${oneLine(l.message)}`);
        },
    });
    const server = await serveEngine(deployment, runDir);
    try {
        const nodeArgs = [
            ...permissionFlags(opts.unisolated ? [runDir, "/tmp"] : [runDir, "/tmp", fs.realpathSync(project.dir)]),
            `--max-old-space-size=${maxMemoryMb}`,
            "-r",
            path.join(__dirname, "preload.js"),
            resolveRunner(pwd),
            "--monitor",
            server.address,
            "--engine",
            server.address,
            "--organization",
            OFFLINE_ORGANIZATION,
            "--project",
            project.name,
            "--root-directory",
            project.dir,
            "--stack",
            stack,
            "--pwd",
            pwd,
            ...(opts.knownOutputs ? [] : ["--dry-run"]),
            "--parallel",
            String(4 * os.availableParallelism()),
            entry,
        ];
        const env = programEnvironment(process.env, {
            config,
            typescript: project.runtime.options.typescript,
            tsconfig: project.runtime.options.tsconfig,
        });
        env.PULUMI_OFFLINE_RUN_DIR = runDir;
        const { transpileCache } = opts;
        if (transpileCache?.dir) {
            env.PULUMI_OFFLINE_TRANSPILE_CACHE = transpileCache.dir;
            const tell = (marker: string, text: string) => {
                try {
                    fs.writeFileSync(path.join(runDir, marker), text);
                } catch {
                    // the run is over
                }
            };
            void transpileCache.compiler.then((digests) => digests && tell(COMPILER_MARKER, JSON.stringify(digests)));
            void transpileCache.filled.then(() => tell(FILLED_MARKER, ""));
        }
        const command = opts.unisolated
            ? { ...diesWithParent(process.execPath, nodeArgs), env }
            : boxed(
                  { runDir, writable: [], readable: programReads(project.dir, pwd), overlaid: fs.realpathSync(project.dir) },
                  process.execPath,
                  nodeArgs,
                  env,
              );
        return await supervise(opts, deployment, command, started);
    } finally {
        server.close();
        callbacks.close();
        fs.rmSync(runDir, { recursive: true, force: true });
    }
}

function supervise(
    opts: ProgramRunOptions,
    deployment: Deployment,
    command: { command: string; args: string[]; env: NodeJS.ProcessEnv },
    started: (child: ReturnType<typeof spawn>) => void,
): Promise<ProgramRunResult> {
    const { timeoutSeconds, maxMemoryMb } = opts;
    const child = spawn(command.command, command.args, { stdio: ["ignore", "pipe", "pipe"], env: command.env, cwd: opts.project.dir });
    started(child);
    let deadlineHit = false;
    let outOfMemory = false;
    let v8Fatal: string | undefined;
    const stderrLines: string[] = [];
    // The deadline counts from the program's first request (the SDK loaded), with as long again to get there.
    let timer = setTimeout(() => {
        deadlineHit = true;
        child.kill("SIGKILL");
    }, timeoutSeconds * 1000);
    let clockRestarted = false;
    const restartClock = () => {
        if (clockRestarted) return;
        clockRestarted = true;
        clearTimeout(timer);
        timer = setTimeout(() => {
            deadlineHit = true;
            child.kill("SIGKILL");
        }, timeoutSeconds * 1000);
    };
    const firstRequest = setInterval(() => {
        if (deployment.requests > 0) {
            restartClock();
            clearInterval(firstRequest);
        }
    }, 20);
    for (const [stream, name] of [
        [child.stdout!, "stdout"],
        [child.stderr!, "stderr"],
    ] as const) {
        readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
            if (/Reached heap limit|JavaScript heap out of memory/.test(line)) outOfMemory = true;
            const fatal = v8FatalOf(line);
            if (fatal && (!v8Fatal || fatal.startsWith("Check failed"))) v8Fatal = fatal;
            if (name === "stderr") {
                stderrLines.push(line);
                if (stderrLines.length > 40) stderrLines.shift();
            }
            opts.programOutput(`    program ${name}: ${line}`);
        });
    }
    return new Promise<ProgramRunResult>((resolve, reject) => {
        child.once("error", (e) => {
            clearTimeout(timer);
            clearInterval(firstRequest);
            reject(new ProgramRunError(`cannot start the program: ${e.message}`));
        });
        child.once("close", (code, signal) => {
            clearTimeout(timer);
            clearInterval(firstRequest);
            const registered = `${deployment.resources.length} resource(s) registered`;
            const settled = deployment.rootOutputsRegistered;
            const fail = (reason: string, afterUnknownInvokes?: string) => reject(new ProgramRunError(reason, afterUnknownInvokes));
            const box = boxFailure(code, stderrLines);
            if (box) return fail(`cannot box the program (Linux namespaces): ${box}. Run the offline preview where unprivileged user namespaces are allowed`);
            if (deployment.failure) return fail(deployment.failure.message);
            if (outOfMemory || signal === "SIGABRT" || code === 134) {
                return fail(`the program ran out of memory: it needed more than ${maxMemoryMb} MB (--max-program-memory) after ${registered}`);
            }
            if (v8Fatal && !deadlineHit && (signal || code !== 0)) {
                return fail(
                    `the program's Node process aborted on an internal V8 error (${oneLine(v8Fatal).slice(0, 200)}) after ${registered}; V8 sometimes fails so, instead of reporting its heap limit, when a program reaches --max-program-memory (${maxMemoryMb} MB): raise it to tell the two apart`,
                );
            }
            if (deadlineHit) {
                return fail(
                    settled
                        ? `the program did not exit within ${timeoutSeconds} s (--timeout) after it settled: a timer, socket or other handle keeps its event loop alive`
                        : `the program did not finish within ${timeoutSeconds} s (--timeout): ${registered}, and the program or one of its outputs never settled`,
                );
            }
            const reported = programError(deployment.logs);
            // Whether it threw at the top or in a callback after its last registration cannot be told apart here: the
            // SDK registers the stack's outputs in a `finally` (runtime/stack.ts) before it logs a top-level error too.
            const readUnknown = !opts.knownOutputs && !opts.madeUpInvokes && deployment.unansweredInvokes().length > 0;
            const failed = reported && `the program failed: ${reported}${opts.madeUpInvokes ? "" : unknownInvokesHint(deployment.unansweredInvokes())}`;
            const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
            if (code !== 0 || signal) {
                const last = stderrLines.filter((l) => l.trim()).pop();
                if (failed) return fail(failed, readUnknown ? reported : undefined);
                return fail(`the program ${how}${last ? `: ${oneLine(last)}` : ""} (${registered})`);
            }
            if (failed) return fail(failed, readUnknown ? reported : undefined);
            if (!deployment.rootStackUrn) return fail(`the program ${how} without registering its root stack: it did not run as a Pulumi program`);
            if (!settled || deployment.inFlight > 0) {
                return fail(
                    `the program ${how} before it settled: ${registered}, and its stack outputs never registered or a request still unanswered (it never settled: a promise that never resolves, or an exit of its own?)`,
                );
            }
            resolve({
                resources: deployment.resources,
                outputs: deployment.stackOutputs,
                unknownInvokes: deployment.unansweredInvokes(),
                unknownsAnswered: [...deployment.unknownsAnswered],
                remoteComponents: deployment.remoteComponents,
                readExisting: deployment.readExisting,
            });
        });
    });
}
