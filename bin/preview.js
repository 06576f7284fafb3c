#!/usr/bin/env node
require("../tools/register-ts");
require("../tools/preview/cli")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
