// The analyzer role of the offline preview: loads a compiled policy pack as the CLI's run-policy-pack does
// (`require(<pack dir>)` with the pack dir as cwd), and the pack serves its real gRPC Analyzer and prints its
// port. Unlike run-policy-pack it registers no ts-node (the preview compiles the pack first: ensurePackBuilt),
// and defers loading `typescript`, which a pack never uses: together about 0.6 s of CPU per preview.
// With `--facts` it also computes the preview's model facts (packFacts.ts) from the graph the parent sends.
// Its only input is its arguments, the parent's environment and what the parent sends; the program's process has no way to it.
"use strict";
const path = require("path");
const { enableCompileCache, flushCompileCache } = require("../compileCache");
enableCompileCache("pack");
const { deferSdkModules } = require("../lazySdkModules");

const packDir = path.resolve(process.argv[2] || ".");
deferSdkModules(packDir);
process.chdir(packDir);
// Whatever the pack does itself, its Analyzer takes one Configure and proves it (policies/analyzerLock.ts).
require("../register-ts");
require("../../policies/analyzerLock.ts").lockAnalyzerConfig(packDir);
require(packDir);
if (process.argv[3] === "--facts") {
    require("./packFacts.ts")
        .serveFacts()
        .then((served) => {
            // The parent stops this process with a signal once it has the facts: the cache is written now.
            flushCompileCache();
            if (!served) process.exit(0);
        })
        .catch((e) => {
            process.stderr.write(`the model facts failed: ${(e && e.stack) || e}\n`);
            process.exit(1);
        });
}
