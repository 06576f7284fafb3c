// The program's side of the transpile cache (tools/preview/program/transpileCache.js, installReader) in a fresh Node
// process: argv[2] is `{ dir, runDir }`; it installs the reader, loads ts-node's transpiler through `require` as
// ts-node does, transpiles one file and prints the reader's counts as a JSON line.
"use strict";
const Module = require("module");
const path = require("path");
const { dir, runDir } = JSON.parse(process.argv[2]);
const counts = require("../../tools/preview/program/transpileCache").installReader(Module, dir, runDir);
const { createTsTranspileModule } = require(path.join(path.dirname(require.resolve("ts-node")), "ts-transpile-module.js"));
const transpile = createTsTranspileModule(require("typescript"), { compilerOptions: { module: 1 }, reportDiagnostics: true });
transpile("export const a: number = 1;\n", { fileName: path.join(runDir, "a.ts") });
process.stdout.write(JSON.stringify(counts) + "\n");
