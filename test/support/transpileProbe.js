// Runs one transpile through tools/preview/program/transpileCache.js in a fresh Node process, where `require.cache`
// is Node's own (jest keeps its own): argv[2] is a JSON request, the answer a JSON line on stdout.
//   { typescript, mode: "fill" | "read", dir, fileName, source, compilerOptions, transformers }
// The answer: what the wrapped transpiler gave, what ts-node's own gave, and whether the cache answered.
"use strict";
const path = require("path");
const req = JSON.parse(process.argv[2]);
const cache = require("../../tools/preview/program/transpileCache");
const { writeCacheEntry } = require("../../tools/compileCache");
const ts = require(req.typescript);
const transpilerFile = path.join(path.dirname(require.resolve("ts-node")), "ts-transpile-module.js");
const { createTsTranspileModule } = require(transpilerFile);
let hits = 0;
const store = {
    dir: req.dir,
    lookup: (file) => {
        const entry = cache.readEntry(file);
        if (entry) hits++;
        return entry;
    },
    record:
        req.mode === "fill"
            ? (file, result) => writeCacheEntry(file, () => JSON.stringify({ outputText: result.outputText, sourceMapText: result.sourceMapText }))
            : undefined,
};
const options = { compilerOptions: req.compilerOptions, reportDiagnostics: true, transformers: req.transformers ? { before: [] } : undefined };
const wrapped = cache.wrapCreateTranspiler(createTsTranspileModule, transpilerFile, store)(ts, options);
const own = createTsTranspileModule(ts, options);
const got = wrapped(req.source, { fileName: req.fileName });
const expected = own(req.source, { fileName: req.fileName });
process.stdout.write(
    JSON.stringify({
        outputText: got.outputText,
        sameAsOwn: got.outputText === expected.outputText && got.sourceMapText === expected.sourceMapText,
        diagnostics: (got.diagnostics ?? []).length,
        hit: hits > 0,
    }) + "\n",
);
