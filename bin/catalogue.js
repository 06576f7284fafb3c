#!/usr/bin/env node
require("../tools/register-ts");
process.exitCode = require("../tools/catalogue/generate").main(process.argv.slice(2));
