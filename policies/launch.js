// The pack's entry point (package.json `main`): what `run-policy-pack` loads when the Pulumi CLI starts the pack.
// In a checkout it first makes sure bin/ was compiled from the sources as they are now, compiling it if not, so an
// edited rule can never run in its old form. A published pack has no sources, and bin/ is the pack.
"use strict";
const { ensureBuilt } = require("./build");

ensureBuilt(__dirname, (line) => process.stderr.write(`${line}\n`));
module.exports = require("./bin/index.js");
