// The pack's entry point (package.json `main`): what `run-policy-pack` loads when the Pulumi CLI starts the pack.
// In a checkout it first makes sure bin/ was compiled from the sources as they are now, compiling it if not, so an
// edited rule can never run in its old form. A published pack has no sources, and bin/ is the pack.
// Then, in both, bin/ must hold exactly what its build recorded (build.js verifyBin): a bin/ patched after the
// build stops the pack here, before any of it is loaded.
"use strict";
const { ensureBuilt, verifyBin } = require("./build");

ensureBuilt(__dirname, (line) => process.stderr.write(`${line}\n`));
verifyBin(__dirname);
module.exports = require("./bin/index.js");
