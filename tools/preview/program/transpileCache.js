// What ts-node's TypeScript transpiler gave for a file, kept between previews and read by the program's process
// (ts-node transpiles every file of the program with the project's `typescript`; for us-prod that is a third of
// each program process's CPU, paid by both passes). Only the trusted parent writes an entry
// (tools/preview/program/transpileFill.ts), with the gate's own `typescript` and ts-node; the program's process
// only reads, from a folder its box mounts read-only.
//
// An entry is the output of one call of ts-node's `createTsTranspileModule(ts, options)(source, { fileName },
// packageJsonType)`, stored under the SHA-256 of everything that decides that output: the bytes of the compiler's
// file (`typescript.js`) and of the transpiler's (`ts-transpile-module.js`), the compiler options, the file name,
// the package type and the source. A program whose `typescript` differs from the gate's by one byte, or whose
// options or source differ, finds no entry and transpiles itself, as under the CLI; a hit gives exactly what its
// own transpiler would have given. Entries are written only for outputs without diagnostics (ts-node then throws,
// and the program's own transpiler does so again).
//
// In the program's process this file decides nothing: a program that undoes it only transpiles itself again.
"use strict";
const { createHash } = require("crypto");
const fs = require("fs");
const path = require("path");

/** The format of an entry: changing it makes every earlier entry unused. */
const FORMAT = "us-data-residency-transpile-1";
/** ts-node's transpiler module, as Node resolves it. */
const TRANSPILER_FILE = /[\\/]ts-node[\\/]dist[\\/]ts-transpile-module\.js$/;
/** Where the parent says it filled the cache (or will not): written into the program's run folder. */
const FILLED_MARKER = "transpile-filled";
/** Where the parent says which compiler and transpiler it fills with (their digests), before it is done. */
const COMPILER_MARKER = "transpile-compiler.json";
/** How long a program waits, in all, for the parent to fill the cache before it transpiles itself. */
const MAX_WAIT_MS = 30000;

const digests = new Map();
function fileDigest(file) {
    let digest = digests.get(file);
    if (!digest) {
        digest = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
        digests.set(file, digest);
    }
    return digest;
}

/** Plain data with its keys sorted, so that equal options give equal text whatever their order. */
function canonical(value) {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
        const out = {};
        for (const k of Object.keys(value).sort()) out[k] = canonical(value[k]);
        return out;
    }
    return value;
}

/** The entry's name: everything that decides the transpiler's output. */
function entryKey(parts) {
    const text = JSON.stringify([
        FORMAT,
        parts.compilerDigest,
        parts.transpilerDigest,
        canonical(parts.compilerOptions ?? null),
        parts.reportDiagnostics === true,
        parts.fileName,
        parts.packageJsonType,
        parts.source,
    ]);
    return createHash("sha256").update(text).digest("hex");
}

function entryPath(dir, key) {
    return path.join(dir, key.slice(0, 2), `${key}.json`);
}

/** The compiler's own file. */
const COMPILER_FILE = /[\\/]typescript[\\/]lib[\\/]typescript\.js$/;

/**
 * The file of the `typescript` package that the `ts` ts-node was handed came from, or undefined. Modules that only
 * pass it on (the SDK's typescript-shim.js) export the same object: only the package's own file counts.
 */
function compilerFileOf(ts) {
    for (const m of Object.values(require.cache)) if (m && m.exports === ts && COMPILER_FILE.test(m.filename)) return m.filename;
    return undefined;
}

function readEntry(file) {
    let text;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
    try {
        const entry = JSON.parse(text);
        if (typeof entry.outputText !== "string" || (entry.sourceMapText !== undefined && typeof entry.sourceMapText !== "string")) return undefined;
        return { outputText: entry.outputText, sourceMapText: entry.sourceMapText, diagnostics: [] };
    } catch {
        return undefined;
    }
}

/**
 * Wraps ts-node's `createTsTranspileModule` (loaded from `transpilerFile`). `store.lookup(file, digests)` gives an
 * entry or undefined (`digests`: of this compiler and transpiler); `store.record(file, result)`, when present, keeps a fresh output. A transpiler given transformers, or
 * a compiler whose file is not known, is left as it is.
 */
function wrapCreateTranspiler(create, transpilerFile, store) {
    return function createTsTranspileModule(ts, transpileOptions) {
        const transpile = create(ts, transpileOptions);
        const compilerFile = compilerFileOf(ts);
        if (!compilerFile || !transpileOptions || transpileOptions.transformers) return transpile;
        let digests;
        try {
            digests = { compilerDigest: fileDigest(compilerFile), transpilerDigest: fileDigest(transpilerFile) };
        } catch {
            return transpile;
        }
        return function transpileModule(source, options, packageJsonType = "commonjs") {
            if (typeof source !== "string" || !options || typeof options.fileName !== "string") return transpile(source, options, packageJsonType);
            const key = entryKey({
                ...digests,
                compilerOptions: transpileOptions.compilerOptions,
                reportDiagnostics: transpileOptions.reportDiagnostics,
                fileName: options.fileName,
                packageJsonType,
                source,
            });
            const file = entryPath(store.dir, key);
            const cached = store.lookup(file, digests);
            if (cached) return cached;
            const result = transpile(source, options, packageJsonType);
            if (store.record && result && typeof result.outputText === "string" && (result.diagnostics ?? []).length === 0) store.record(file, result);
            return result;
        };
    };
}

/** Sleeps this thread (the program has nothing else to do while it waits for its code). */
function sleep(ms) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Where the reader keeps its counts in the program's process (what a test program reports; nothing reads it). */
const COUNTS = Symbol.for("us-data-residency.transpile-cache");

/** The digests the parent fills with, once it has said (undefined until then). */
function announcedCompiler(runDir) {
    try {
        const said = JSON.parse(fs.readFileSync(path.join(runDir, COMPILER_MARKER), "utf8"));
        return typeof said.compilerDigest === "string" && typeof said.transpilerDigest === "string" ? said : undefined;
    } catch {
        return undefined;
    }
}

/**
 * In the program's process: entries of `dir` are read; while the parent has not said it is done filling (its marker
 * in `runDir`), a missing entry is waited for, up to MAX_WAIT_MS in all, unless the parent said it fills with
 * another compiler or transpiler than this one, whose entries this one never finds. Returns the counts of hits,
 * misses and the milliseconds waited.
 */
function installReader(Module, dir, runDir) {
    const counts = { hits: 0, misses: 0, waitedMs: 0 };
    globalThis[COUNTS] = counts;
    const marker = path.join(runDir, FILLED_MARKER);
    let parentCompiler;
    const sameCompiler = (digests) => {
        parentCompiler ??= announcedCompiler(runDir);
        return !parentCompiler || (parentCompiler.compilerDigest === digests.compilerDigest && parentCompiler.transpilerDigest === digests.transpilerDigest);
    };
    const lookup = (file, digests) => {
        for (;;) {
            const entry = readEntry(file);
            if (entry) {
                counts.hits++;
                return entry;
            }
            if (counts.waitedMs >= MAX_WAIT_MS || fs.existsSync(marker) || !sameCompiler(digests)) break;
            sleep(5);
            counts.waitedMs += 5;
        }
        counts.misses++;
        return undefined;
    };
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
        const exported = load.apply(this, arguments);
        if (typeof request === "string" && /ts-transpile-module/.test(request)) {
            let file;
            try {
                file = Module._resolveFilename(request, parent, isMain);
            } catch {
                file = undefined;
            }
            if (
                file &&
                TRANSPILER_FILE.test(file) &&
                exported &&
                typeof exported.createTsTranspileModule === "function" &&
                !exported.createTsTranspileModule[FORMAT]
            ) {
                const wrapped = wrapCreateTranspiler(exported.createTsTranspileModule, file, { dir, lookup });
                wrapped[FORMAT] = true;
                exported.createTsTranspileModule = wrapped;
            }
        }
        return exported;
    };
    return counts;
}

module.exports = {
    COMPILER_MARKER,
    FILLED_MARKER,
    MAX_WAIT_MS,
    entryKey,
    entryPath,
    fileDigest,
    installReader,
    readEntry,
    wrapCreateTranspiler,
};
