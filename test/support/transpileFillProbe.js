// Runs the parent's fill of the transpile cache (tools/preview/program/transpileFill.ts) in a fresh Node process,
// where `require.cache` is Node's own (jest keeps its own): argv[2] is the project folder, argv[3] `stop` to stop it
// as soon as it starts; the answer is the fill's counts as a JSON line on stdout.
"use strict";
require("../../tools/register-ts");
const { startTranspileFill } = require("../../tools/preview/program/transpileFill");
const dir = process.argv[2];
const project = { dir, runtime: { options: { typescript: true } } };
const fill = startTranspileFill(project, () => ({ pwd: dir, entry: "." }), Promise.resolve());
if (process.argv[3] === "stop") fill.stop();
fill.filled.then(() => process.stdout.write(JSON.stringify(fill.stats) + "\n"));
