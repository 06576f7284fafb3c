// V8's compile cache for the offline preview's processes. Each of them loads about a thousand modules of the
// Pulumi SDKs; compiling them is about a third of its start-up. With the cache, V8 reads the code it compiled
// in an earlier run instead (same file, same content, same Node), which saves about 0.25 s of CPU per process.
// Node 22.1+ has this built in (module.enableCompileCache); on Node 20 this file does the same through
// vm.Script's cachedData. Best effort: whatever fails (a read-only tree, a full disk) only means no cache.
//
// For the trusted processes only (the preview's parent, the pack's), one folder per role. The program's process
// keeps no cache (tools/preview/program/run.ts): V8 checks cached code against its source's length, not its
// content, so an entry a program could write would run its own code in place of a module of the next preview's
// program. V8 rejects data that does not match the source's length, its version or its flags; this file and
// Node's built-in cache also key each entry by the file's content.
"use strict";
const { createHash } = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

const CACHE_ROOT = path.join(__dirname, "..", "node_modules", ".cache", "us-data-residency-compile");
/** `RESIDENCY_COMPILE_CACHE=0` turns it off, and the program's transpile cache with it (to measure a cold start). */
const DISABLED = process.env.RESIDENCY_COMPILE_CACHE === "0";

let flushBuiltIn;
let enabledRole;
let pending = [];

/** The Node 20 form: Module.prototype._compile through vm.Script with the cached data of this file and content. */
function installOwnCache(dir) {
    const importModuleDynamically = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
    // Without it, an `import()` the check below misses would fail in a cached module: no cache then.
    if (!importModuleDynamically) return;
    fs.mkdirSync(dir, { recursive: true });
    const nodeCompile = Module.prototype._compile;
    Module.prototype._compile = function compileWithCache(content, filename) {
        // A module that may `import()` is left to Node: through vm.Script that needs an experimental loader,
        // which prints a warning into the program's output.
        if (/\bimport\s*\(/.test(content)) return nodeCompile.call(this, content, filename);
        const mod = this; // eslint-disable-line @typescript-eslint/no-this-alias
        // A shebang is legal only at the very start of a script: blank it, keeping its line (as Node does).
        const source = content.startsWith("#!") ? content.replace(/^#![^\r\n]*/, "") : content;
        const file = path.join(dir, createHash("sha256").update(filename).update("\0").update(source).digest("hex"));
        let cachedData;
        try {
            cachedData = fs.readFileSync(file);
        } catch {
            cachedData = undefined;
        }
        const script = new vm.Script(Module.wrap(source), { filename, cachedData, importModuleDynamically });
        if (!cachedData || script.cachedDataRejected) pending.push({ script, file });
        const compiled = script.runInThisContext({ displayErrors: true });
        const require = (id) => mod.require(id);
        require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
        require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
        require.main = process.mainModule;
        require.extensions = Module._extensions;
        require.cache = Module._cache;
        return compiled.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
    };
}

/** The folder of `role`'s compiled code for this Node, or undefined when the cache is off. */
function roleCacheDir(role) {
    return DISABLED ? undefined : path.join(CACHE_ROOT, `${role}-${process.version}-${process.arch}`);
}

/** Starts caching in this process; `role` names the folder (one per kind of process). */
function enableCompileCache(role) {
    if (DISABLED) return;
    enabledRole = role;
    const dir = roleCacheDir(role);
    try {
        if (typeof Module.enableCompileCache === "function") {
            Module.enableCompileCache(dir);
            flushBuiltIn = Module.flushCompileCache;
        } else {
            installOwnCache(dir);
        }
    } catch {
        // no cache
    }
    process.once("exit", flushCompileCache);
}

/**
 * Writes what this process compiled and found no cache for. Called at exit, and earlier by a process that its
 * parent stops with a signal (the pack's). Includes the functions compiled since load, so a later run skips them too.
 */
function flushCompileCache() {
    if (flushBuiltIn) {
        try {
            flushBuiltIn();
        } catch {
            // no cache
        }
        return;
    }
    const written = pending;
    pending = [];
    for (const { script, file } of written) writeCacheEntry(file, () => script.createCachedData());
}

/**
 * Writes one entry of a cache whole or not at all (through a file of this process, renamed), so that a process
 * reading it never sees half an entry. Best effort: a failure only means no cache for this entry (false).
 */
function writeCacheEntry(file, data) {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(tmp, data());
        fs.renameSync(tmp, file);
        return true;
    } catch {
        try {
            fs.rmSync(tmp, { force: true });
        } catch {
            // nothing left to remove
        }
        return false;
    }
}

/** Where tools/register-ts.js keeps what swc gave for each TypeScript file: in this process's role, if it has one. */
function transpileCacheDir() {
    return enabledRole ? path.join(CACHE_ROOT, `${enabledRole}-transpiled`) : undefined;
}

/**
 * The one place a process of `role` writes: every folder of this cache whose name starts with the role (its
 * compiled code per Node version, its transpiled files). A `--allow-fs-write` pattern, as the program's process is given.
 */
function writableByRole(role) {
    return path.join(CACHE_ROOT, `${role}*`);
}

module.exports = { CACHES_DISABLED: DISABLED, enableCompileCache, flushCompileCache, roleCacheDir, transpileCacheDir, writableByRole, writeCacheEntry };
