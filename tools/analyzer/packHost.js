// The analyzer role of the offline preview: loads a compiled policy pack as the CLI's run-policy-pack does
// (`require(<pack dir>)` with the pack dir as cwd), and the pack serves its real gRPC Analyzer and prints its
// port. Unlike run-policy-pack it registers no ts-node (the preview compiles the pack first: ensurePackBuilt),
// and defers loading `typescript`, which a pack never uses: together about 0.6 s of CPU per preview.
// With `--facts` it also computes the preview's model facts (packFacts.ts) from the graph the parent sends.
// With `--socket PATH` the pack's Analyzer serves on that unix socket instead of 127.0.0.1: the parent makes it in a
// folder the program's box covers, so no program (and no network peer) can reach the pack.
// Its only input is its arguments, the parent's environment and what the parent sends; the program's process has no way to it.
"use strict";
// First: with --disable-sigusr1 the signal's default action would end the process; with no listener and without
// that flag it would open the inspector. Ignored from the first line on (policies/noInspectorSignal.ts, later, too).
process.on("SIGUSR1", () => undefined);
const path = require("path");
const { enableCompileCache, flushCompileCache } = require("../compileCache");
enableCompileCache("pack");
const { deferSdkModules } = require("../lazySdkModules");

const [packArg, ...flags] = process.argv.slice(2);
const packDir = path.resolve(packArg || ".");
const socketAt = flags.indexOf("--socket");
const socket = socketAt >= 0 ? flags[socketAt + 1] : undefined;
deferSdkModules(packDir);
process.chdir(packDir);
if (socket) serveOnSocket(packDir, socket);
// Whatever the pack does itself, its Analyzer takes one Configure and proves it (policies/analyzerLock.ts).
require("../register-ts");
require("../../policies/analyzerLock.ts").lockAnalyzerConfig(packDir);
require(packDir);

/** @pulumi/policy binds `127.0.0.1:0`: its grpc-js binds the socket instead (and reports port 0, which the parent ignores). */
function serveOnSocket(dir, file) {
    const policy = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [dir] }));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policy] }));
    const bindAsync = grpc.Server.prototype.bindAsync;
    grpc.Server.prototype.bindAsync = function (port, creds, callback) {
        if (port !== "127.0.0.1:0") return bindAsync.call(this, port, creds, callback);
        return bindAsync.call(this, `unix:${file}`, creds, (err) => callback(err, 0));
    };
}
if (flags.includes("--facts")) {
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
