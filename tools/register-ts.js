// Lets `require` load TypeScript (the tools, and the Pulumi program the offline preview runs).
// Pulumi's host uses ts-node with type checking; here ts-node only transpiles through swc, so a preview
// starts in about the time it takes to load the SDKs. `npm run typecheck` does the checking.
const key = Symbol.for("us-data-residency.ts-registered");
if (!globalThis[key]) {
    require("ts-node").register({
        transpileOnly: true,
        transpiler: "ts-node/transpilers/swc",
        skipProject: true,
        compilerOptions: { module: "commonjs", target: "es2022", esModuleInterop: true, sourceMap: true },
    });
    globalThis[key] = true;
}

// @pulumi/pulumi captures `new Error().stack` for every promise it makes (runtime/debuggable.js), kept only
// for leak reports. Mapping each of those through source maps was a sixth of a preview; they are left
// unmapped. Every other stack (errors, and the resource positions the SDK records) is still mapped.
const debuggableKey = Symbol.for("us-data-residency.debuggable-stacks-unmapped");
if (!globalThis[debuggableKey] && typeof Error.prepareStackTrace === "function") {
    const mapped = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, frames) => {
        const top = frames[0] && frames[0].getFileName && frames[0].getFileName();
        if (top && top.endsWith("/@pulumi/pulumi/runtime/debuggable.js")) {
            return `${error}\n    at ${frames.join("\n    at ")}`;
        }
        return mapped(error, frames);
    };
    globalThis[debuggableKey] = true;
}
