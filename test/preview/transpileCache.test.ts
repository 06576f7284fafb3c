/**
 * The program's transpile cache (tools/preview/program/transpileCache.js, transpileFill.ts): the trusted parent
 * transpiles the program's TypeScript once with the gate's own compiler, and the program's processes read it. A hit
 * must give exactly what the program's own transpiler gives; anything that could change that output (the compiler's
 * bytes, the transpiler's, the options, the file, its source) must miss. Each transpile runs in a fresh Node process
 * (test/support/transpileProbe.js), where `require.cache` is Node's own. Programs previewed with the cache:
 * transpileCache.e2e.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import * as ts from "typescript";
import { REPO_ROOT } from "../support/offlinePreview";
import { COMPILER_MARKER, FILLED_MARKER } from "../../tools/preview/program/transpileFill";
import { programSources } from "../../tools/preview/program/programSources";

const PROBE = path.join(REPO_ROOT, "test", "support", "transpileProbe.js");
const TYPESCRIPT = require.resolve("typescript");
const OPTIONS = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, sourceMap: true, inlineSources: true, strict: true };
const FILE = "/project/index.ts";
const SOURCE = 'import { x } from "./x";\nexport const y: number = x + 1;\n';

interface ProbeAnswer {
    outputText: string;
    sameAsOwn: boolean;
    diagnostics: number;
    hit: boolean;
}

function probe(request: {
    mode: "fill" | "read";
    dir: string;
    typescript?: string;
    source?: string;
    fileName?: string;
    compilerOptions?: object;
    transformers?: boolean;
}): ProbeAnswer {
    const full = { typescript: TYPESCRIPT, source: SOURCE, fileName: FILE, compilerOptions: OPTIONS, ...request };
    const run = spawnSync(process.execPath, [PROBE, JSON.stringify(full)], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`the probe failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as ProbeAnswer;
}

const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).flatMap((sub) => fs.readdirSync(path.join(dir, sub))) : []);

describe("an entry is found only for exactly what it was made from", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "transpile-cache-"));
    });

    it("what the parent wrote is what the program's own transpiler gives, and it is read", () => {
        const filled = probe({ mode: "fill", dir });
        expect(filled).toMatchObject({ hit: false, sameAsOwn: true, diagnostics: 0 });
        expect(entries(dir)).toHaveLength(1);
        const read = probe({ mode: "read", dir });
        expect(read).toMatchObject({ hit: true, sameAsOwn: true });
        expect(read.outputText).toContain("exports.y = x_1.x + 1");
    });

    it.each([
        ["another source in the same file", { source: SOURCE.replace("x + 1", "x + 2") }, "x_1.x + 2"],
        ["the same source in another file", { fileName: "/project/other.ts" }, "x_1.x + 1"],
        ["other compiler options", { compilerOptions: { ...OPTIONS, module: ts.ModuleKind.ES2020 } }, "export const y = x + 1"],
    ])("%s misses and transpiles itself", (_what, change, expected) => {
        probe({ mode: "fill", dir });
        const read = probe({ mode: "read", dir, ...change });
        expect(read).toMatchObject({ hit: false, sameAsOwn: true });
        expect(read.outputText).toContain(expected);
    });

    it("a compiler that differs from the gate's by one byte misses, whatever its version says", () => {
        probe({ mode: "fill", dir });
        // A copy of the package, its compiler file changed by a comment: same version string, other bytes.
        const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "typescript-copy-")), "typescript");
        fs.cpSync(path.dirname(path.dirname(TYPESCRIPT)), copy, { recursive: true });
        const compiler = path.join(copy, "lib", "typescript.js");
        fs.appendFileSync(compiler, "\n// changed\n");
        const read = probe({ mode: "read", dir, typescript: compiler });
        expect(read).toMatchObject({ hit: false, sameAsOwn: true });
    });

    it("a typescript package whose compiler file only passes another compiler on misses", () => {
        probe({ mode: "fill", dir });
        // Named as the package's own file, it exports the gate's very compiler object: its own bytes are what count.
        const shim = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "shim-")), "typescript", "lib", "typescript.js");
        fs.mkdirSync(path.dirname(shim), { recursive: true });
        fs.writeFileSync(shim, `module.exports = require(${JSON.stringify(TYPESCRIPT)});\n`);
        expect(probe({ mode: "read", dir, typescript: shim })).toMatchObject({ hit: false, sameAsOwn: true });
    });

    it("an output with diagnostics, or one made with transformers, is never written", () => {
        expect(probe({ mode: "fill", dir, source: "export const = ;\n" }).diagnostics).toBeGreaterThan(0);
        probe({ mode: "fill", dir, transformers: true });
        expect(entries(dir)).toEqual([]);
    });
});

describe("the files the parent transpiles", () => {
    it("are those reachable from the entry through relative imports, inside the roots, outside node_modules", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "program-sources-"));
        const project = path.join(root, "project");
        const write = (file: string, text: string) => {
            fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
            fs.writeFileSync(path.join(root, file), text);
        };
        write(
            "project/index.ts",
            [
                'import "./a";',
                'import { b } from "./dir";',
                'import "../outside";',
                'import "./node_modules/pkg/x";',
                'import "some-package";',
                'const c = require("./c");',
                "export {};",
            ].join("\n"),
        );
        write("project/a.ts", 'export * from "./a";\n');
        write("project/dir/index.ts", "export const b = 1;\n");
        write("project/c.ts", "export const c = 1;\n");
        write("project/types.d.ts", "declare const t: number;\n");
        write("project/node_modules/pkg/x.ts", "export {};\n");
        write("outside.ts", "export {};\n");
        const files = programSources(ts, project, ".", [project]).map((f) => path.relative(root, f.file));
        expect(files.sort()).toEqual(["project/a.ts", "project/c.ts", "project/dir/index.ts", "project/index.ts"]);
    });
});

describe("the parent's fill", () => {
    const FILL_PROBE = path.join(REPO_ROOT, "test", "support", "transpileFillProbe.js");
    const fill = (dir: string, stop = false) => {
        const run = spawnSync(process.execPath, [FILL_PROBE, dir, ...(stop ? ["stop"] : [])], { encoding: "utf8" });
        if (run.status !== 0) throw new Error(`the fill probe failed: ${run.stderr}`);
        return JSON.parse(run.stdout) as { files: number; written: number; upToDate?: boolean; skipped?: string };
    };

    it("transpiles again only when a file it transpiled, or a file it read to decide, changed", () => {
        // The project's own folder is one the fill transpiles in, wherever it is.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "transpile-fill-"));
        try {
            fs.writeFileSync(path.join(dir, "index.ts"), 'import { n } from "./lib";\nexport const m = n;\n');
            fs.writeFileSync(path.join(dir, "lib.ts"), "export const n = 1;\n");
            fs.writeFileSync(path.join(dir, "tsconfig.json"), '{ "compilerOptions": { "module": "commonjs", "moduleResolution": "node" } }\n');
            // Stopped (the programs are done), it transpiles nothing more and keeps no plan of what it did not do.
            expect(fill(dir, true)).toEqual({ files: 0, written: 0 });
            expect(fill(dir)).toEqual({ files: 2, written: 2 });
            expect(fill(dir)).toEqual({ files: 0, written: 0, upToDate: true });
            fs.writeFileSync(path.join(dir, "lib.ts"), "export const n = 2;\n");
            expect(fill(dir)).toEqual({ files: 2, written: 1 });
            fs.writeFileSync(path.join(dir, "tsconfig.json"), '{ "compilerOptions": { "module": "commonjs", "moduleResolution": "node", "strict": true } }\n');
            expect(fill(dir)).toEqual({ files: 2, written: 2 });
            fs.writeFileSync(path.join(dir, "tsconfig.json"), '{ "compilerOptions": { "module": "commonjs" }, "ts-node": { "swc": true } }\n');
            expect(fill(dir)).toMatchObject({ files: 0, written: 0, skipped: expect.stringContaining("names ts-node") });
            expect(fill(dir)).toMatchObject({ upToDate: true, skipped: expect.stringContaining("names ts-node") });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("the program's reader", () => {
    const READER_PROBE = path.join(REPO_ROOT, "test", "support", "transpileReaderProbe.js");
    const read = (runDir: string) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "transpile-cache-"));
        const run = spawnSync(process.execPath, [READER_PROBE, JSON.stringify({ dir, runDir })], { encoding: "utf8", timeout: 60_000 });
        if (run.status !== 0) throw new Error(`the reader probe failed: ${run.stderr}`);
        return JSON.parse(run.stdout) as { hits: number; misses: number; waitedMs: number };
    };

    it("does not wait for an entry once the parent said it is done", () => {
        const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "run-"));
        fs.writeFileSync(path.join(runDir, FILLED_MARKER), "");
        expect(read(runDir)).toEqual({ hits: 0, misses: 1, waitedMs: 0 });
    });

    it("does not wait for an entry the parent will never write: it fills with another compiler than the program's", () => {
        const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "run-"));
        fs.writeFileSync(path.join(runDir, COMPILER_MARKER), JSON.stringify({ compilerDigest: "0".repeat(64), transpilerDigest: "0".repeat(64) }));
        expect(read(runDir)).toEqual({ hits: 0, misses: 1, waitedMs: 0 });
    });
});
