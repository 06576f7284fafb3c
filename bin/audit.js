#!/usr/bin/env node
require("../tools/supportedNode").requireSupportedNode();
require("../tools/register-ts");
require("../tools/audit/cli")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
