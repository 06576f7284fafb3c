#!/usr/bin/env node
require("../tools/supportedNode").requireSupportedNode();
require("../tools/register-ts");
require("../backup/restoreCli")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
