/**
 * The compile cache of the preview's processes (tools/compileCache.js) and the transpile cache of register-ts
 * never serve a stale module: an edit of the same length is seen on the next run, and modules loaded from the
 * cache behave as Node loads them (shebang, require.resolve, dynamic import).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as nodeModule from "module";
import * as os from "os";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const CACHE_ROOT = path.join(REPO_ROOT, "node_modules", ".cache", "us-data-residency-compile");
const ROLE = `test-${process.pid}`;

let dir: string;

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "compile-cache-"));
});

afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const d of fs.existsSync(CACHE_ROOT) ? fs.readdirSync(CACHE_ROOT) : []) {
        if (d.startsWith(ROLE)) fs.rmSync(path.join(CACHE_ROOT, d), { recursive: true, force: true });
    }
});

/** Loads `entry` in a fresh process with the cache of the test's role and prints what it exports. */
function load(entry: string, env: NodeJS.ProcessEnv = {}): string {
    const script = [
        `require(${JSON.stringify(path.join(REPO_ROOT, "tools", "compileCache.js"))}).enableCompileCache(${JSON.stringify(ROLE)});`,
        `require(${JSON.stringify(path.join(REPO_ROOT, "tools", "register-ts.js"))});`,
        `Promise.resolve(require(${JSON.stringify(entry)})).then((v) => process.stdout.write(JSON.stringify(v)));`,
    ].join("\n");
    const res = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    return res.stdout;
}

function cacheFiles(): number {
    return fs
        .readdirSync(CACHE_ROOT)
        .filter((d) => d.startsWith(ROLE))
        .reduce((n, d) => n + fs.readdirSync(path.join(CACHE_ROOT, d)).length, 0);
}

describe("compile cache", () => {
    it("serves an edited JavaScript module of the same length as edited, not as cached", () => {
        const file = path.join(dir, "value.js");
        fs.writeFileSync(file, '#!/usr/bin/env node\nmodule.exports = { value: "A1", resolved: require.resolve("./value.js") };\n');
        expect(JSON.parse(load(file))).toEqual({ value: "A1", resolved: file });
        // Node 22+ keeps its cache in its own layout; the Node 20 form writes one file per module.
        if (!("enableCompileCache" in nodeModule)) expect(cacheFiles()).toBeGreaterThan(0);
        expect(JSON.parse(load(file)).value).toBe("A1");
        fs.writeFileSync(file, '#!/usr/bin/env node\nmodule.exports = { value: "B2", resolved: require.resolve("./value.js") };\n');
        expect(JSON.parse(load(file)).value).toBe("B2");
    });

    it("keeps dynamic import() working inside a cached module", () => {
        fs.writeFileSync(path.join(dir, "esm.mjs"), "export const answer = 42;\n");
        const file = path.join(dir, "dynamic.js");
        fs.writeFileSync(file, 'module.exports = import("./esm.mjs").then((m) => m.answer);\n');
        expect(load(file)).toBe("42");
        expect(load(file)).toBe("42");
    });

    it("serves an edited TypeScript module of the same length as edited (register-ts's transpile cache)", () => {
        const file = path.join(dir, "typed.ts");
        fs.writeFileSync(file, 'const value: string = "C3";\nexport = value;\n');
        expect(load(file)).toBe('"C3"');
        expect(load(file)).toBe('"C3"');
        fs.writeFileSync(file, 'const value: string = "D4";\nexport = value;\n');
        expect(load(file)).toBe('"D4"');
    });

    it("is off with RESIDENCY_COMPILE_CACHE=0", () => {
        const file = path.join(dir, "off.js");
        fs.writeFileSync(file, 'module.exports = "off";\n');
        const before = cacheFiles();
        expect(load(file, { RESIDENCY_COMPILE_CACHE: "0" })).toBe('"off"');
        expect(cacheFiles()).toBe(before);
    });
});
