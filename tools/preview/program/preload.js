// Preloaded (`-r`) into the program's process, before the SDK's cmd/run. The program runs in a network namespace of
// its own, where the preview's parent cannot dial 127.0.0.1; the SDK's callback server (transforms) binds
// `127.0.0.1:0` and tells the engine that address. So every gRPC server that asks for `127.0.0.1:0` binds instead a
// unix socket in the run's folder, `callbacks-<n>.sock`, and is told port <n>: the address the SDK then reports,
// `127.0.0.1:<n>`, names that socket for the parent (tools/preview/engine/callbacks.ts). The SDK also dials that
// address itself (it checks its server is up before it tells the engine): a channel to `127.0.0.1:<n>` of a socket
// made here is opened on the socket. It also defers the SDK's load of @npmcli/arborist to its first use (closure
// serialization; tools/lazySdkModules.js) and reads ts-node's output for the program's files from the cache the
// parent fills (transpileCache.js). This file runs inside the untrusted process and decides nothing: a program that
// undoes it only breaks its own transforms, or loads and transpiles again what it would have been given.
"use strict";
const Module = require("module");
const path = require("path");

const runDir = process.env.PULUMI_OFFLINE_RUN_DIR;
const transpileCache = process.env.PULUMI_OFFLINE_TRANSPILE_CACHE;
delete process.env.PULUMI_OFFLINE_RUN_DIR;
delete process.env.PULUMI_OFFLINE_TRANSPILE_CACHE;
const FIRST_PORT = 40000;
let next = 0;
const patched = new WeakSet();
/** `127.0.0.1:<n>` -> `unix:<socket>`, for each server bound here. */
const sockets = new Map();

function patch(grpc, file) {
    const Server = grpc && grpc.Server;
    if (!Server || patched.has(Server.prototype)) return;
    patched.add(Server.prototype);
    const bindAsync = Server.prototype.bindAsync;
    Server.prototype.bindAsync = function (port, creds, callback) {
        if (!runDir || port !== "127.0.0.1:0") return bindAsync.call(this, port, creds, callback);
        const n = FIRST_PORT + next++;
        const socket = `unix:${path.join(runDir, `callbacks-${n}.sock`)}`;
        sockets.set(`127.0.0.1:${n}`, socket);
        return bindAsync.call(this, socket, creds, (err) => callback(err, err ? 0 : n));
    };
    // grpc-js's Client makes its channel through this module's export, read at each construction.
    const channel = require(path.join(path.dirname(file), "channel.js"));
    const Channel = channel.ChannelImplementation;
    channel.ChannelImplementation = class extends Channel {
        constructor(target, credentials, options) {
            super(sockets.get(target) ?? target, credentials, options);
        }
    };
}

require("./sdkTuning").install(Module);
// The SDK's runner (argv[1]) resolves the program's own @pulumi/pulumi.
if (process.argv[1]) require("../../lazySdkModules").deferSdkModules(path.dirname(process.argv[1]), ["@npmcli/arborist"]);
if (runDir && transpileCache) require("./transpileCache").installReader(Module, transpileCache, runDir);

const load = Module._load;
Module._load = function (request, parent, isMain) {
    const exported = load.apply(this, arguments);
    if (request === "@grpc/grpc-js" || /[\\/]@grpc[\\/]grpc-js[\\/]build[\\/]src[\\/]index\.js$/.test(request)) {
        patch(exported, Module._resolveFilename(request, parent, isMain));
    }
    return exported;
};
