// Runs the SDK's cmd/run as the Node.js language host does and prints the ts-node configuration it registered.
// Usage: node languageHostProbe.js <program dir> <env as JSON>. Prints one JSON line; exit 0 when the probe ran.
// A separate process: cmd/run needs a resource monitor, served here, and a process of its own.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const PROBE = `
const service = process[Symbol.for("ts-node.register.instance")];
process.stdout.write("PROBE " + JSON.stringify({ cwd: process.cwd(), configFilePath: service && service.configFilePath, options: service && service.config.options }) + "\\n");
process.exit(0);
`;

const [pwd, envJson] = process.argv.slice(2);
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [pwd] }));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
const resourceGrpc = require(path.join(sdk, "proto", "resource_grpc_pb"));
const resourcePb = require(path.join(sdk, "proto", "resource_pb"));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsconfig-probe-"));
const probeFile = path.join(dir, "probe.js");
fs.writeFileSync(probeFile, PROBE);

// A resource monitor that answers SupportsFeature and registers the root stack: enough for cmd/run to run the program.
const server = new grpc.Server();
server.addService(resourceGrpc.ResourceMonitorService, {
    supportsFeature: (_call, callback) => {
        const resp = new resourcePb.SupportsFeatureResponse();
        resp.setHassupport(false);
        callback(null, resp);
    },
    registerResource: (call, callback) => {
        const resp = new resourcePb.RegisterResourceResponse();
        resp.setUrn(`urn:pulumi:probe::probe::${call.request.getType()}::${call.request.getName()}`);
        callback(null, resp);
    },
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) throw err;
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_NODEJS_") && !k.startsWith("TS_NODE_")));
    const child = spawn(process.execPath, [path.join(sdk, "cmd", "run"), "--monitor", `127.0.0.1:${port}`, "--pwd", pwd, probeFile], {
        env: { ...clean, ...JSON.parse(envJson) },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let errOut = "";
    let finished = false;
    const finish = (line) => {
        if (finished) return;
        finished = true;
        child.kill("SIGKILL");
        server.forceShutdown();
        fs.rmSync(dir, { recursive: true, force: true });
        if (line) process.stdout.write(`${line.slice("PROBE ".length)}\n`);
        else process.stderr.write(`the probe did not run:\n${out}${errOut}`);
        process.exit(line ? 0 : 1);
    };
    child.stderr.on("data", (d) => (errOut += d));
    child.stdout.on("data", (d) => {
        out += d;
        const line = out.split("\n").find((l, i, all) => l.startsWith("PROBE ") && i < all.length - 1);
        if (line) finish(line);
    });
    child.once("exit", () => finish(out.split("\n").find((l) => l.startsWith("PROBE "))));
});
