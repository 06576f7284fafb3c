// Preloaded (`-r`) first into the program's process. The process may load native addons (swc transpiles the
// program) and may write its own role's compile cache: together that would let a program write a shared object
// there and load it, native code outside the permission model. So an addon loads only from an installed package
// (under node_modules, not its .cache), and the original `process.dlopen` stays in this closure alone.
"use strict";
const path = require("path");

const NODE_MODULES = path.join(__dirname, "..", "..", "node_modules") + path.sep;
const CACHES = path.join(NODE_MODULES, ".cache") + path.sep;

function installedAddon(file) {
    const resolved = path.resolve(String(file));
    return resolved.startsWith(NODE_MODULES) && !resolved.startsWith(CACHES) && !resolved.split(path.sep).includes("..");
}

const dlopen = process.dlopen;
Object.defineProperty(process, "dlopen", {
    value: function guardedDlopen(module, file, ...rest) {
        if (!installedAddon(file)) throw new Error(`the offline preview loads native addons only from installed packages, not ${file}`);
        return dlopen.call(process, module, file, ...rest);
    },
    writable: false,
    configurable: false,
});
