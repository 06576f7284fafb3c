// The SDK internals the offline preview touches inside the program's process, in one place (the tools' own are in
// tools/sdkAdapter.ts); test/assurance/sdkAdapter.test.ts pins both to @pulumi/pulumi 3.248.0. Each changes only
// what a run costs, never what it registers, and each stands aside when the SDK it finds is not shaped as expected
// (a program may bring its own version). The program can undo them: then only its own run is slower.
//
// - `Resource.callsites` raises Error.stackTraceLimit to Infinity and formats the whole stack for every resource,
//   which source-map-support maps frame by frame; the SDK reads the first frames only (its sourcePosition is the
//   first frame past the constructors). Here the stack is cut at CALLSITE_FRAMES.
// - `debuggablePromise` stamps every promise the SDK makes (several per property) with `new Error().stack` and three
//   properties, which only PULUMI_DEBUG_PROMISE_LEAKS prints: a third of a 10,000-resource program's CPU. Here it
//   keeps the leak candidates (the SDK's exit check counts them and fails a process that leaks) and the same promise
//   chain, without the stamps.
"use strict";
const path = require("path");

const CALLSITE_FRAMES = 8;
const LEAN = Symbol.for("us-data-residency.lean-debuggable-promises");

function leanCallsites(Resource) {
    if (!Resource || typeof Resource.callsites !== "function" || !(Resource.framePositionRegExp instanceof RegExp)) return false;
    Resource.callsites = function callsites() {
        const limit = Error.stackTraceLimit;
        try {
            Error.stackTraceLimit = CALLSITE_FRAMES;
            const stack = new Error().stack || "";
            return stack
                .split("\n")
                .slice(1)
                .map((frame) => {
                    const groups = (Resource.framePositionRegExp.exec(frame) || {}).groups || {};
                    const line = parseInt(groups.line, 10);
                    const column = parseInt(groups.column, 10);
                    if (!groups.file || groups.file.startsWith("node:") || Number.isNaN(line) || Number.isNaN(column)) return {};
                    return { file: groups.file, line, column };
                });
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    return true;
}

function leanPromises(debuggable, state) {
    const original = debuggable && debuggable.debuggablePromise;
    if (typeof original !== "function" || original[LEAN] || debuggable.debugPromiseLeaks) return false;
    if (!state || typeof state.getStore !== "function") return false;
    let first = true;
    const lean = (p, ctx) => {
        // The first call goes through the SDK's own function: it schedules the SDK's exit-time leak check.
        if (first) {
            first = false;
            return original(p, ctx);
        }
        const { leakCandidates } = state.getStore();
        leakCandidates.add(p);
        return p.then(
            (val) => {
                leakCandidates.delete(p);
                return val;
            },
            (err) => {
                leakCandidates.delete(p);
                if (err && typeof err === "object") err.promise = p;
                throw err;
            },
        );
    };
    lean[LEAN] = true;
    debuggable.debuggablePromise = lean;
    return true;
}

/** Applies both to the SDK whose `resource.js` / `runtime/debuggable.js` was just loaded from `sdkRoot`. */
function tune(file, exported) {
    const sdkRoot = path.dirname(file);
    if (file.endsWith(`${path.sep}resource.js`)) return leanCallsites(exported && exported.Resource);
    if (file.endsWith(`${path.sep}debuggable.js`)) {
        return leanPromises(exported, require(path.join(sdkRoot, "state.js")));
    }
    return false;
}

const SDK_FILE = /[\\/]@pulumi[\\/]pulumi[\\/](resource|runtime[\\/]debuggable)\.js$/;

/** Tunes every copy of @pulumi/pulumi the process loads, as each loads. */
function install(Module) {
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
        const exported = load.apply(this, arguments);
        if (typeof request === "string" && /(^|[\\/])(resource|debuggable)(\.js)?$/.test(request)) {
            let file;
            try {
                file = Module._resolveFilename(request, parent, isMain);
            } catch {
                file = undefined;
            }
            if (file && SDK_FILE.test(file)) tune(file, exported);
        }
        return exported;
    };
}

module.exports = { install, leanCallsites, leanPromises, CALLSITE_FRAMES };
