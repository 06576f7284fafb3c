#!/usr/bin/env node
// Exit 2 unless the preview reaches a verdict: a run that ends any other way never passes.
process.exitCode = 2;
require("../tools/register-ts");
require("../tools/preview/cli")
    .main(process.argv.slice(2))
    .then(
        (code) => {
            process.exitCode = code;
        },
        (e) => {
            process.stderr.write(`error: the offline preview failed: ${(e && e.stack) || e}\n`);
            process.exitCode = 2;
        },
    );
