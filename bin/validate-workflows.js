#!/usr/bin/env node
require("../tools/supportedNode").requireSupportedNode();
// Validates .github/workflows/*.y*ml (or the files and directories given) against the GitHub workflow schema.
require("../tools/register-ts");
require("../tools/validateWorkflows")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
