#!/usr/bin/env node
require("../tools/supportedNode").requireSupportedNode();
// Exit 2 unless the preview reaches a verdict: a run that ends any other way never passes.
process.exitCode = 2;
// A listener keeps Node from opening its inspector on SIGUSR1 (Node 22.14+ also has --disable-sigusr1, which the
// preview gives the pack's process): no other process opens a debugger into the one that decides the verdict.
process.on("SIGUSR1", () => undefined);
require("../tools/compileCache").enableCompileCache("preview");
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
