// The analyzer role of the offline preview: loads a compiled policy pack as the CLI's run-policy-pack does
// (`require(<pack dir>)` with the pack dir as cwd), and the pack serves its real gRPC Analyzer and prints its
// port. Unlike run-policy-pack it registers no ts-node (the preview compiles the pack first: ensurePackBuilt),
// and defers loading `typescript`, which a pack never uses: together about 0.6 s of CPU per preview.
// With `--facts` it also computes the preview's model facts (packFacts.ts) from the graph the parent sends.
// Its only input is its arguments, the parent's environment and what the parent sends; the program's process has no way to it.
"use strict";
const path = require("path");
const { deferTypescript } = require("../lazyTypescript");

const packDir = path.resolve(process.argv[2] || ".");
deferTypescript(packDir);
process.chdir(packDir);
require(packDir);
if (process.argv[3] === "--facts") {
    require("../register-ts");
    require("./packFacts.ts")
        .serveFacts()
        .then((served) => {
            if (!served) process.exit(0);
        })
        .catch((e) => {
            process.stderr.write(`the model facts failed: ${(e && e.stack) || e}\n`);
            process.exit(1);
        });
}
