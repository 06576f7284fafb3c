/**
 * The trusted side of the program's transpile cache (transpileCache.js): this process transpiles the program's
 * TypeScript once, with the gate's own `typescript` and ts-node, configured as the SDK's `cmd/run` configures the
 * program's (run.js: `tsn.register`), and writes what it gave where both of the program's processes read it. It
 * runs while they load the SDKs; each waits for a file it has no entry for until this says it is done.
 *
 * Nothing here runs code of the program or of its packages: it reads the project's tsconfig as data and its source
 * files as text. A tsconfig (or one it extends) that names ts-node at all is left alone: ts-node would load the
 * transpiler or compiler it names. The files transpiled are those reachable from the program's entry through
 * relative imports, inside the project or this repository, within a budget; a file missed is transpiled by the
 * program itself.
 */
import * as fs from "fs";
import * as path from "path";
import type * as ts from "typescript";
import type { PulumiProject } from "../project";
import { digestOf, FillPlan, planFile, readPlan, unchanged, writePlan } from "./fillPlan";
import { isFile, programSources } from "./programSources";

/* eslint-disable @typescript-eslint/no-require-imports */
const { CACHES_DISABLED, writeCacheEntry } = require("../../compileCache") as {
    CACHES_DISABLED: boolean;
    writeCacheEntry(file: string, data: () => string): boolean;
};
const cache = require("./transpileCache") as {
    FILLED_MARKER: string;
    readEntry(file: string): unknown;
    fileDigest(file: string): string;
    COMPILER_MARKER: string;
    wrapCreateTranspiler(
        create: (...args: unknown[]) => unknown,
        transpilerFile: string,
        store: { dir: string; lookup(file: string): unknown; record?(file: string, result: { outputText: string; sourceMapText?: string }): void },
    ): (...args: unknown[]) => unknown;
};
/* eslint-enable @typescript-eslint/no-require-imports */

export const FILLED_MARKER = cache.FILLED_MARKER;
export const COMPILER_MARKER = cache.COMPILER_MARKER;

/** The gate's compiler and transpiler, by the digests the program's reader keys entries with. */
export interface CompilerDigests {
    compilerDigest: string;
    transpilerDigest: string;
}

const TOOLS_ROOT = path.resolve(__dirname, "..", "..", "..");
/** Where the entries live: beside the trusted processes' compile cache (tools/compileCache.js). */
export const TRANSPILE_CACHE_DIR = path.join(TOOLS_ROOT, "node_modules", ".cache", "us-data-residency-transpile");
/** Entries kept: past this, the least recently written go. */
const MAX_ENTRIES = 4096;

/** Where the language host runs the program: its folder and entry (run.ts, pwdAndEntry). */
export interface ProgramLocation {
    pwd: string;
    entry: string;
}

export interface TranspileFill {
    /** The folder the program's process reads (undefined: no cache for this preview). */
    dir?: string;
    /** Settles when this process has filled what it will (it never rejects). */
    filled: Promise<void>;
    /**
     * Settles, before `filled` when this process transpiles at all, with the compiler and transpiler it transpiles
     * with: a program whose own differ finds no entry and need not wait (undefined: nothing to say).
     */
    compiler: Promise<CompilerDigests | undefined>;
    /** Stops filling before the next file (the programs are done: the rest would only delay this process's exit). */
    stop(): void;
    /** Files transpiled here and entries written, once filled; `upToDate`: nothing changed since the last fill. */
    stats: { files: number; written: number; skipped?: string; upToDate?: boolean };
}

/** The compiler options the SDK's run.js hands ts-node: its defaults under the tsconfig's own `compilerOptions`. */
function registerOptions(tsc: typeof ts, tsconfig: string, compilerPath: string, pwd: string) {
    let fromFile: Record<string, unknown>;
    try {
        fromFile = (tsc.parseConfigFileTextToJson(tsconfig, fs.readFileSync(tsconfig, "utf8")).config?.compilerOptions as Record<string, unknown>) ?? {};
    } catch {
        fromFile = {};
    }
    const [major, minor] = tsc.version.split(".").map(Number);
    const nodeNext = major > 4 || (major === 4 && minor >= 7);
    return {
        compiler: compilerPath,
        transpileOnly: true,
        project: tsconfig,
        skipProject: !fs.existsSync(tsconfig),
        cwd: pwd,
        compilerOptions: {
            target: "ES2020",
            module: nodeNext ? "nodenext" : "commonjs",
            moduleResolution: nodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...fromFile,
        },
    };
}

/**
 * Whether the tsconfig, or any file it extends, names ts-node (whose options there would load modules). `read` is
 * told each file read.
 */
function namesTsNode(tsc: typeof ts, tsconfig: string, onRead: (file: string) => void): boolean {
    if (!fs.existsSync(tsconfig)) return false;
    let named = false;
    const read = (f: string) => {
        const text = tsc.sys.readFile(f);
        onRead(f);
        if (text?.includes("ts-node")) named = true;
        return text;
    };
    const { config, error } = tsc.readConfigFile(tsconfig, read);
    if (error || !config) return true;
    const host: ts.ParseConfigHost = { useCaseSensitiveFileNames: true, readDirectory: () => [], fileExists: tsc.sys.fileExists, readFile: read };
    tsc.parseJsonConfigFileContent(config, host, path.dirname(tsconfig), undefined, tsconfig);
    return named;
}

/** Removes the least recently written entries past MAX_ENTRIES. Best effort. */
function prune(dir: string): void {
    try {
        const entries: { file: string; mtime: number }[] = [];
        for (const sub of fs.readdirSync(dir)) {
            const subDir = path.join(dir, sub);
            for (const name of fs.readdirSync(subDir)) {
                const file = path.join(subDir, name);
                entries.push({ file, mtime: fs.statSync(file).mtimeMs });
            }
        }
        if (entries.length <= MAX_ENTRIES) return;
        entries.sort((a, b) => a.mtime - b.mtime);
        for (const e of entries.slice(0, entries.length - MAX_ENTRIES)) fs.rmSync(e.file, { force: true });
    } catch {
        // a cache that cannot be pruned is still a cache
    }
}

/** The package.json of the package the program is in, as run.js finds it (the nearest one upward). */
function packageFileOf(pwd: string): string | undefined {
    for (let dir = pwd; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (isFile(file)) return file;
        if (path.dirname(dir) === dir) return undefined;
    }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function fill(
    project: PulumiProject,
    where: () => ProgramLocation,
    dir: string,
    stats: TranspileFill["stats"],
    announce: (digests: CompilerDigests) => void,
    stopped: () => boolean,
): Promise<void> {
    await nextTurn();
    const location = where();
    const { pwd, entry } = location;
    const tsconfig = path.resolve(pwd, project.runtime.options.tsconfig ?? "tsconfig.json");
    const planPath = planFile(dir, project, location, tsconfig);
    const previous = readPlan(planPath);
    if (previous && unchanged(previous)) {
        stats.upToDate = true;
        if (previous.skipped) stats.skipped = previous.skipped;
        return;
    }
    const transpilerFile = path.join(path.dirname(require.resolve("ts-node")), "ts-transpile-module.js");
    announce({ compilerDigest: cache.fileDigest(require.resolve("typescript")), transpilerDigest: cache.fileDigest(transpilerFile) });
    /* eslint-disable @typescript-eslint/no-require-imports */
    const tsc = require("typescript") as typeof ts;
    const tsNode = require("ts-node") as typeof import("ts-node");
    const transpilerModule = require(transpilerFile) as { createTsTranspileModule: (...args: unknown[]) => unknown };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const plan: FillPlan = { inputs: [], files: [] };
    const input = (file: string) => plan.inputs.push({ file, digest: digestOf(fs.readFileSync(file)) });
    const skip = (why: string) => {
        stats.skipped = plan.skipped = why;
        writePlan(planPath, plan);
    };
    if (namesTsNode(tsc, tsconfig, input)) return skip(`${tsconfig} names ts-node`);
    const packageFile = packageFileOf(pwd);
    if (packageFile) {
        input(packageFile);
        if (JSON.parse(fs.readFileSync(packageFile, "utf8")).type === "module") return skip("an ES module project (ts-node/esm transpiles in a loader thread)");
    }
    let touched: string[] = [];
    const original = transpilerModule.createTsTranspileModule;
    transpilerModule.createTsTranspileModule = cache.wrapCreateTranspiler(original, transpilerFile, {
        dir,
        lookup: (file) => {
            touched.push(file);
            return cache.readEntry(file);
        },
        record: (file, result) => {
            const entry = { outputText: result.outputText, sourceMapText: result.sourceMapText };
            if (writeCacheEntry(file, () => JSON.stringify(entry))) stats.written++;
        },
    });
    let service: ReturnType<typeof tsNode.create>;
    try {
        service = tsNode.create(registerOptions(tsc, tsconfig, require.resolve("typescript"), pwd) as Parameters<typeof tsNode.create>[0]);
    } finally {
        transpilerModule.createTsTranspileModule = original;
    }
    for (const { file, source } of programSources(tsc, pwd, entry, [project.dir, TOOLS_ROOT])) {
        // Once the programs are done (or stopped), what is left would only keep this process from exiting.
        if (stopped()) return;
        touched = [];
        try {
            service.compile(source, file);
            stats.files++;
            plan.files.push({ file, digest: digestOf(source), entries: touched });
        } catch {
            // the program's own transpiler reports it
        }
        await nextTurn();
    }
    writePlan(planPath, plan);
    if (stats.written > 0) prune(dir);
}

/**
 * Starts filling the cache for `project` (after `ready`: the program's processes started), unless caches are off.
 * `where` is asked then, so that a failure to find the program is the program run's to report.
 * Any failure here only means the program transpiles itself.
 */
export function startTranspileFill(project: PulumiProject, where: () => ProgramLocation, ready: Promise<unknown>): TranspileFill {
    const stats: TranspileFill["stats"] = { files: 0, written: 0 };
    if (CACHES_DISABLED || !project.runtime.options.typescript)
        return { filled: Promise.resolve(), compiler: Promise.resolve(undefined), stats, stop: () => {} };
    const dir = TRANSPILE_CACHE_DIR;
    let stopped = false;
    let announce: (digests: CompilerDigests | undefined) => void = () => {};
    const compiler = new Promise<CompilerDigests | undefined>((resolve) => (announce = resolve));
    const filled = ready
        .catch(() => undefined)
        .then(() => fill(project, where, dir, stats, announce, () => stopped))
        .catch((e: Error) => {
            stats.skipped = e.message;
        })
        .finally(() => announce(undefined));
    return {
        dir,
        filled,
        compiler,
        stats,
        stop: () => {
            stopped = true;
        },
    };
}
