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
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as ts from "typescript";
import type { PulumiProject } from "../project";

/* eslint-disable @typescript-eslint/no-require-imports */
const cache = require("./transpileCache") as {
    FILLED_MARKER: string;
    readEntry(file: string): unknown;
    writeEntry(file: string, result: { outputText: string; sourceMapText?: string }): boolean;
    writeAtomically(file: string, text: string): boolean;
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
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_TOTAL_BYTES = 16 * 1024 * 1024;
/** Entries kept: past this, the least recently written go. */
const MAX_ENTRIES = 4096;
const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts"];

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
    /** Files transpiled here and entries written, once filled; `upToDate`: nothing changed since the last fill. */
    stats: { files: number; written: number; skipped?: string; upToDate?: boolean };
}

/** `RESIDENCY_COMPILE_CACHE=0` turns every cache of the preview off (to measure a cold start). */
export function transpileCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
    return env.RESIDENCY_COMPILE_CACHE !== "0";
}

const isFile = (p: string) => {
    try {
        return fs.statSync(p).isFile();
    } catch {
        return false;
    }
};

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

function within(file: string, roots: string[]): boolean {
    return !file.split(path.sep).includes("node_modules") && roots.some((r) => file === r || file.startsWith(r + path.sep));
}

/** The TypeScript file a relative import names, as Node (with ts-node) would find it, or undefined. */
function resolveImport(from: string, specifier: string): string | undefined {
    const base = path.resolve(path.dirname(from), specifier);
    const candidates = [
        ...(TS_EXTENSIONS.includes(path.extname(base)) ? [base] : []),
        ...TS_EXTENSIONS.map((e) => base + e),
        ...TS_EXTENSIONS.map((e) => path.join(base, `index${e}`)),
    ];
    const js = /\.(m|c)?js$/.exec(base);
    if (js) candidates.push(base.slice(0, -js[0].length) + `.${js[1] ?? ""}ts`, base.slice(0, -js[0].length) + ".tsx");
    return candidates.find(isFile);
}

/** The files to transpile: from the entry, through relative imports, breadth first, within the budget. */
export function programSources(tsc: typeof ts, pwd: string, entry: string, roots: string[]): { file: string; source: string }[] {
    const seeds: string[] = [];
    const main = path.resolve(pwd, entry);
    if (isFile(main)) seeds.push(main);
    else {
        try {
            const pkgMain = JSON.parse(fs.readFileSync(path.join(main, "package.json"), "utf8")).main;
            if (typeof pkgMain === "string") seeds.push(...[resolveImport(path.join(main, "x"), `./${pkgMain}`)].filter((f): f is string => !!f));
        } catch {
            // no package.json main
        }
        seeds.push(...TS_EXTENSIONS.map((e) => path.join(main, `index${e}`)).filter(isFile));
    }
    const realRoots = roots.map((r) => fs.realpathSync(r));
    const out: { file: string; source: string }[] = [];
    const seen = new Set<string>();
    const queue = [...seeds];
    let total = 0;
    while (queue.length > 0 && out.length < MAX_FILES) {
        const file = queue.shift()!;
        if (seen.has(file)) continue;
        seen.add(file);
        let real: string;
        try {
            real = fs.realpathSync(file);
        } catch {
            continue;
        }
        if (!within(real, realRoots) || !TS_EXTENSIONS.includes(path.extname(file)) || file.endsWith(".d.ts")) continue;
        const size = fs.statSync(real).size;
        if (size > MAX_FILE_BYTES || total + size > MAX_TOTAL_BYTES) continue;
        const source = fs.readFileSync(real, "utf8");
        total += size;
        out.push({ file, source });
        for (const imported of tsc.preProcessFile(source, true, true).importedFiles) {
            if (!imported.fileName.startsWith(".")) continue;
            const target = resolveImport(file, imported.fileName);
            if (target && !seen.has(target)) queue.push(target);
        }
    }
    return out;
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

const digestOf = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

/**
 * What one fill found for a program, so that the next can tell without loading a compiler that nothing it depends
 * on changed: the files it read to decide (tsconfigs, package.json) and each file it transpiled with the entries
 * that hold it. Only this process reads it; a plan that is wrong only makes the program transpile itself.
 */
interface FillPlan {
    skipped?: string;
    inputs: { file: string; digest: string }[];
    files: { file: string; digest: string; entries: string[] }[];
}

/** The plan's name: the program's place and the gate's compiler, transpiler and Node it was made with. */
function planFile(dir: string, project: PulumiProject, where: ProgramLocation, tsconfig: string): string {
    const stamp = (file: string) => {
        const st = fs.statSync(file);
        return [file, st.size, st.mtimeMs, st.ino];
    };
    const tsNodeIndex = require.resolve("ts-node");
    const key = digestOf(
        JSON.stringify([
            "plan-1",
            process.version,
            project.dir,
            where.pwd,
            where.entry,
            tsconfig,
            stamp(require.resolve("typescript")),
            stamp(tsNodeIndex),
            stamp(path.join(path.dirname(tsNodeIndex), "ts-transpile-module.js")),
            Object.entries(process.env).filter(([k]) => k.startsWith("TS_NODE_")),
        ]),
    );
    return path.join(dir, "plans", `${key}.json`);
}

function writePlan(file: string, plan: FillPlan): void {
    cache.writeAtomically(file, JSON.stringify(plan));
}

function readPlan(file: string): FillPlan | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as FillPlan;
    } catch {
        return undefined;
    }
}

function unchanged(plan: FillPlan): boolean {
    const same = (file: string, digest: string) => {
        try {
            return digestOf(fs.readFileSync(file)) === digest;
        } catch {
            return false;
        }
    };
    return (
        Array.isArray(plan.inputs) &&
        Array.isArray(plan.files) &&
        plan.inputs.every((i) => same(i.file, i.digest)) &&
        plan.files.every((f) => same(f.file, f.digest) && f.entries.every((e) => fs.existsSync(e)))
    );
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function fill(
    project: PulumiProject,
    where: () => ProgramLocation,
    dir: string,
    stats: TranspileFill["stats"],
    announce: (digests: CompilerDigests) => void,
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
            return fs.existsSync(file) ? cache.readEntry(file) : undefined;
        },
        record: (file, result) => {
            if (cache.writeEntry(file, result)) stats.written++;
        },
    });
    let service: ReturnType<typeof tsNode.create>;
    try {
        service = tsNode.create(registerOptions(tsc, tsconfig, require.resolve("typescript"), pwd) as Parameters<typeof tsNode.create>[0]);
    } finally {
        transpilerModule.createTsTranspileModule = original;
    }
    for (const { file, source } of programSources(tsc, pwd, entry, [project.dir, TOOLS_ROOT])) {
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
    if (!transpileCacheEnabled() || !project.runtime.options.typescript) return { filled: Promise.resolve(), compiler: Promise.resolve(undefined), stats };
    const dir = TRANSPILE_CACHE_DIR;
    let announce: (digests: CompilerDigests | undefined) => void = () => {};
    const compiler = new Promise<CompilerDigests | undefined>((resolve) => (announce = resolve));
    const filled = ready
        .catch(() => undefined)
        .then(() => fill(project, where, dir, stats, announce))
        .catch((e: Error) => {
            stats.skipped = e.message;
        })
        .finally(() => announce(undefined));
    return { dir, filled, compiler, stats };
}
