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
