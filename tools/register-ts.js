// Lets `require` load TypeScript (the tools, and the Pulumi program the offline preview runs). Pulumi's host uses
// ts-node with type checking; here each file is only transpiled, by swc, with the options ts-node's swc
// transpiler gave for `{ module: commonjs, target: es2022, esModuleInterop, sourceMap }`. Calling swc directly
// spares every process ts-node and the `typescript` it loads (about 0.3 s of CPU each). `npm run typecheck`
// does the checking. In a process that uses the compile cache (tools/compileCache.js), what swc gives for a
// file is kept beside it, keyed by swc's version, the options, the file's path and its content: swc itself is
// then loaded only when a file changed.
const key = Symbol.for("us-data-residency.ts-registered");
if (!globalThis[key]) {
    const fs = require("fs");
    const path = require("path");
    const { createHash } = require("crypto");
    const { transpileCacheDir, writeCacheEntry } = require("./compileCache");
    // The source-map support ts-node itself installs (ts-node stays a devDependency; this is its dependency).
    const sourceMapSupport = require(require.resolve("@cspotcode/source-map-support", { paths: [require.resolve("ts-node")] }));
    const { deferSdkModules } = require("./lazySdkModules");

    const SWC_OPTIONS = {
        sourceMaps: true,
        module: { type: "commonjs", noInterop: false, strictMode: true, ignoreDynamic: false },
        swcrc: false,
        jsc: {
            parser: { syntax: "typescript", tsx: false, dynamicImport: true, importAssertions: true },
            target: "es2022",
            transform: { legacyDecorator: true, react: { throwIfNamespace: false, useBuiltins: false }, useDefineForClassFields: true },
            keepClassNames: true,
            experimental: { keepImportAttributes: true, emitAssertForImportAttributes: true },
        },
    };
    let swc;
    const cacheDir = transpileCacheDir();
    const cacheKey =
        cacheDir &&
        createHash("sha256")
            .update(JSON.stringify([require("@swc/core/package.json").version, SWC_OPTIONS]))
            .digest("hex");
    const transpile = (filename) => {
        const source = fs.readFileSync(filename, "utf8");
        const cached = cacheDir && path.join(cacheDir, createHash("sha256").update(cacheKey).update(filename).update("\0").update(source).digest("hex"));
        if (cached) {
            try {
                return JSON.parse(fs.readFileSync(cached, "utf8"));
            } catch {
                // not cached yet
            }
        }
        swc ??= require("@swc/core");
        const { code, map } = swc.transformSync(source, { ...SWC_OPTIONS, filename });
        if (cached) writeCacheEntry(cached, () => JSON.stringify({ code, map }));
        return { code, map };
    };
    const maps = new Map();
    sourceMapSupport.install({
        environment: "node",
        retrieveSourceMap: (file) => (maps.has(file) ? { url: file, map: maps.get(file) } : null),
    });
    const previous = require.extensions[".ts"];
    require.extensions[".ts"] = function (module, filename) {
        if (filename.includes("/node_modules/") && previous) return previous(module, filename);
        const { code, map } = transpile(filename);
        if (map) maps.set(filename, map);
        module._compile(code, filename);
    };
    globalThis[Symbol.for("us-data-residency.ts-source-maps")] = {
        maps,
        wrapCallSite: sourceMapSupport.wrapCallSite,
        mapSourcePosition: sourceMapSupport.mapSourcePosition,
    };
    // @pulumi/pulumi loads `typescript` and `@npmcli/arborist` only to serialize closures: loaded on first use, not at start.
    deferSdkModules(__dirname);
    globalThis[key] = true;
}

// @pulumi/pulumi captures `new Error().stack` for every promise it makes (runtime/debuggable.js), kept only
// for leak reports. Mapping each of those through source maps was a sixth of a preview; they are left
// unmapped. (The offline preview's program host no longer makes them: sdkAdapter.leanPromiseLeakTracking.)
// For every resource, `Resource.callsites` (resource.js) captures the whole stack, with no depth limit, to take
// the resource's source position from its first frames. Through source-map-support that cost about 0.8 ms per
// resource (it clones every frame, and maps the SDKs' own .js files to their .ts sources). There only the frames
// of files compiled here are mapped, each by its position alone, and only the first CALLSITE_FRAMES are kept: the
// position the SDK takes is the frame that called the resource's class, in the program. Every other stack (errors
// above all) is mapped whole.
const CALLSITE_FRAMES = 16;

/** A frame as V8 prints it, its position mapped to the TypeScript source when this process compiled the file. */
function callSiteText(frame) {
    const compiled = globalThis[Symbol.for("us-data-residency.ts-source-maps")];
    const text = String(frame);
    const file = frame.getFileName();
    if (!file || !compiled.maps.has(file)) return text;
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    const raw = `${file}:${line}:${column}`;
    const at = text.lastIndexOf(raw);
    if (at < 0) return String(compiled.wrapCallSite(frame));
    // source-map-support's convention (wrapCallSite): columns are 0-based in the map, 1-based in a stack.
    const p = compiled.mapSourcePosition({ source: file, line, column: column - 1 });
    return `${text.slice(0, at)}${p.source}:${p.line}:${p.column + 1}${text.slice(at + raw.length)}`;
}
const debuggableKey = Symbol.for("us-data-residency.debuggable-stacks-unmapped");
if (!globalThis[debuggableKey] && typeof Error.prepareStackTrace === "function") {
    const mapped = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, frames) => {
        const top = frames[0] && frames[0].getFileName && frames[0].getFileName();
        if (top && top.endsWith("/@pulumi/pulumi/runtime/debuggable.js")) {
            return `${error}\n    at ${frames.join("\n    at ")}`;
        }
        const compiled = globalThis[Symbol.for("us-data-residency.ts-source-maps")];
        if (compiled && top && top.endsWith("/@pulumi/pulumi/resource.js") && frames[0].getFunctionName() === "callsites") {
            return `${error}\n    at ${frames.slice(0, CALLSITE_FRAMES).map(callSiteText).join("\n    at ")}`;
        }
        return mapped(error, frames);
    };
    globalThis[debuggableKey] = true;
}
