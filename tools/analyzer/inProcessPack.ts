import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { AnalyzerConnection } from "./connection";
import { modelOfLastRun, type PackExports } from "./packExports";
import { UserInputError } from "../errors";
import { captureGrpcService, GrpcHandlers, packageRoot } from "../sdkAdapter";
import { AS_NEW_PROCESS, lockAnalyzerConfig } from "../../policies/analyzerLock";

function call<T>(handlers: GrpcHandlers, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
        handlers[method]({ request }, (err, resp) => (err ? reject(err) : resolve(resp as T)));
    });
}

/** The file `require(packDir)` loads, as the CLI's run-policy-pack does. */
export function packEntryPoint(packDir: string): string {
    const manifest = path.join(packDir, "package.json");
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
        throw new UserInputError(`--policy-pack ${packDir}: no PulumiPolicy.yaml there; it is not a policy pack`);
    }
    if (!fs.existsSync(manifest)) {
        throw new UserInputError(`--policy-pack ${packDir}: no package.json there; @pulumi/policy reads the pack version from it`);
    }
    const main = JSON.parse(fs.readFileSync(manifest, "utf8")).main ?? "index.js";
    return path.resolve(packDir, main);
}

function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === "node_modules" || entry.name === "bin" || entry.name.startsWith(".")) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
        else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
    return newest;
}

/**
 * A TypeScript pack ships compiled (the CLI would otherwise type-check it with ts-node on every start).
 * When its compiled entry point is missing or older than its sources, compile it first, so the offline
 * preview never analyzes with a stale pack. An entry point at the pack's root is not compiler output: it is
 * plain JavaScript or a launcher that checks its own build (this repository's `policies/launch.js` does).
 */
export function ensurePackBuilt(packDir: string, log: (line: string) => void): void {
    const entry = packEntryPoint(packDir);
    const tsconfig = path.join(packDir, "tsconfig.json");
    if (!fs.existsSync(tsconfig) || entry.endsWith(".ts") || path.dirname(entry) === path.resolve(packDir)) return;
    const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
    if (built >= newestSource(packDir)) return;
    log(`Compiling policy pack ${packDir} (its compiled output is missing or older than its sources)...`);
    const tsc = require.resolve("typescript/bin/tsc");
    // Compile beside the output and swap it in, so that a preview running at the same time never loads a half-written pack.
    const outDir = path.dirname(entry);
    const staging = `${outDir}.build-${process.pid}`;
    try {
        execFileSync(process.execPath, [tsc, "-p", tsconfig, "--outDir", staging], { stdio: "pipe" });
    } catch (e) {
        fs.rmSync(staging, { recursive: true, force: true });
        const out = (e as { stdout?: Buffer }).stdout?.toString() ?? "";
        throw new UserInputError(`policy pack ${packDir} does not compile:\n${out}`);
    }
    const retired = `${outDir}.old-${process.pid}`;
    if (fs.existsSync(outDir)) fs.renameSync(outDir, retired);
    fs.renameSync(staging, outDir);
    fs.rmSync(retired, { recursive: true, force: true });
}

/**
 * A loaded pack's Analyzer handlers, and what they have been sent since the pack started afresh (it takes one
 * configuration). One per load: a load the module registry answers with an earlier one shares its state too.
 */
interface LoadedPack {
    handlers: GrpcHandlers;
    packModule: PackExports | undefined;
    stack?: unknown;
    configured: boolean;
    analyzed: boolean;
}

/** The packs loaded in this process, by entry point. */
const loadedHere = new Map<string, LoadedPack>();

/**
 * Loads a policy pack into this process and returns its real Analyzer handlers, without a socket.
 * `new PolicyPack(...)` starts a gRPC server: here its `addService` is captured and `bindAsync` never
 * binds, so no port is opened or printed. Each call gets fresh copies of @pulumi/policy and the pack,
 * because @pulumi/policy allows one pack per module instance. The Analyzer is locked as the pack's own process
 * locks it (policies/analyzerLock.ts), whether or not the pack does that itself.
 */
function loadHandlers(dir: string, entry: string): LoadedPack {
    const policyRoot = packageRoot("@pulumi/policy", dir);
    for (const key of Object.keys(require.cache)) {
        if (key.startsWith(policyRoot + path.sep) || key.startsWith(dir + path.sep)) delete require.cache[key];
    }

    const previousCwd = process.cwd();
    let handlers: GrpcHandlers | undefined;
    let packModule: PackExports | undefined;
    try {
        handlers = captureGrpcService(
            dir,
            () => {
                process.chdir(dir);
                lockAnalyzerConfig(dir);
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                packModule = require(entry) as PackExports;
            },
            (code) => new UserInputError(`policy pack ${dir} refused to start (exit ${code}); see the message above`),
        );
    } catch (e) {
        if (e instanceof UserInputError) throw e;
        throw new UserInputError(`policy pack ${dir} failed to load: ${(e as Error).message}`);
    } finally {
        process.chdir(previousCwd);
    }
    if (handlers) {
        const loaded: LoadedPack = { handlers, packModule, configured: false, analyzed: false };
        loadedHere.set(entry, loaded);
        return loaded;
    }
    // The pack's module came back from a module registry that deleting require.cache does not clear (jest's), so it
    // registered nothing this time: its first load in this process serves again, with what it was sent since.
    const earlier = loadedHere.get(entry);
    if (!earlier) throw new UserInputError(`policy pack ${dir} did not create a PolicyPack when loaded`);
    return earlier;
}

/**
 * A pack loaded into this process (the audit, the report's policy catalogue, tests and the bench). A pack takes
 * one ConfigureStack and one Configure per process (policies/analyzerLock.ts); in process, one load stands for a
 * pack process per configuration: a configuration sent after the pack has one (or has analyzed) first puts it
 * back as a new process starts, and sends it again the ConfigureStack it had when only the Configure changes.
 */
export function loadPackInProcess(packDir: string): AnalyzerConnection {
    const dir = path.resolve(packDir);
    const pack = loadHandlers(dir, packEntryPoint(dir));
    const asNewProcess = async () => {
        await (pack.handlers as unknown as Record<symbol, () => Promise<void>>)[AS_NEW_PROCESS]();
        pack.stack = undefined;
        pack.configured = false;
        pack.analyzed = false;
    };
    return {
        label: path.relative(process.cwd(), dir) || ".",
        getAnalyzerInfo: () => call(pack.handlers, "getAnalyzerInfo", new Empty()),
        configureStack: async (req) => {
            if (pack.stack !== undefined || pack.configured || pack.analyzed) await asNewProcess();
            pack.stack = req;
            await call(pack.handlers, "configureStack", req);
        },
        configure: async (req) => {
            if (pack.configured || pack.analyzed) {
                const stack = pack.stack;
                await asNewProcess();
                if (stack !== undefined) {
                    pack.stack = stack;
                    await call(pack.handlers, "configureStack", stack);
                }
            }
            pack.configured = true;
            await call(pack.handlers, "configure", req);
        },
        analyze: (req) => {
            pack.analyzed = true;
            return call(pack.handlers, "analyze", req);
        },
        analyzeStack: (req) => {
            pack.analyzed = true;
            return call(pack.handlers, "analyzeStack", req);
        },
        close: () => undefined,
        facts: async (graph, projectDir) => {
            // Loaded on use: the facts module reaches this one back through the report's policy catalogue.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { graphFacts } = require("../report/facts") as typeof import("../report/facts");
            return graphFacts(graph, projectDir, modelOfLastRun(pack.packModule, graph));
        },
    };
}
