#!/usr/bin/env node
require("../tools/supportedNode").requireSupportedNode();
require("../tools/register-ts");
require("../bench/main")
    .main(process.argv.slice(2))
    .then((c) => (process.exitCode = c));
