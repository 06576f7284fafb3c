#!/usr/bin/env node
// Exit 2 unless the preview reaches a verdict: a run that ends any other way never passes.
process.exitCode = 2;
// The program's process starts first, so that its loading of the SDKs overlaps everything below.
const { launchProgramHost, memoryFromArgv } = require("../tools/preview/hostLaunch");
const argv = process.argv.slice(2);
const launched = launchProgramHost(memoryFromArgv(argv));
require("../tools/compileCache").enableCompileCache("preview");
require("../tools/register-ts");
require("../tools/preview/cli")
    .main(argv, launched)
    .then(
        (code) => {
            process.exitCode = code;
        },
        (e) => {
            launched.child.kill("SIGKILL");
            process.stderr.write(`error: the offline preview failed: ${(e && e.stack) || e}\n`);
            process.exitCode = 2;
        },
    );
