#!/usr/bin/env node
require("../tools/supportedNode").requireSupportedNode();
// Which gate files a pull request changes (base checkout vs pull request checkout), as Markdown for its report.
require("../tools/register-ts");
require("../tools/gate/gateChanges")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
