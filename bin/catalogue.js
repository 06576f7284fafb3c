#!/usr/bin/env node
require("../tools/supportedNode").requireSupportedNode();
require("../tools/register-ts");
process.exitCode = require("../tools/catalogue/generate").main(process.argv.slice(2));
