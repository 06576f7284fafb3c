// @pulumi/pulumi loads two large modules when it loads, yet uses them only to serialize a function's closure
// (runtime/closure): `typescript` (parseFunction.js, about 0.4 s of CPU) and `@npmcli/arborist` with the npm
// client it pulls in (codePaths.js, about 0.15-0.3 s). A process registers them here first: each loads for real on
// first use. The program's process defers only arborist: ts-node compiles the program with `typescript`.
const path = require("path");
const Module = require("module");

/**
 * Puts a stand-in for `file` in the require cache that loads the real module on first use.
 * `esModule`: the stand-in answers `__esModule` itself, so that TypeScript's `__importStar` keeps it as it is
 * (and reads `.Arborist` later) instead of copying every export at once.
 */
function deferModule(file, esModule) {
    if (require.cache[file]) return;
    let real;
    const load = () => {
        if (!real) {
            delete require.cache[file];
            real = require(file);
        }
        return real;
    };
    const lazy = new Module(file, module);
    lazy.filename = file;
    lazy.loaded = true;
    lazy.exports = new Proxy(
        {},
        {
            get: (_target, key) => (esModule && key === "__esModule" ? true : load()[key]),
            has: (_target, key) => key in load(),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_target, key) => {
                const d = Object.getOwnPropertyDescriptor(load(), key);
                return d && { ...d, configurable: true };
            },
        },
    );
    require.cache[file] = lazy;
}

const DEFERRED = ["typescript", "@npmcli/arborist"];
const AS_ES_MODULE = new Set(["@npmcli/arborist"]);

/**
 * `fromDir`: a directory from which `@pulumi/pulumi` resolves, so that the very modules it would load are deferred;
 * `names`: which of them.
 */
function deferSdkModules(fromDir, names = DEFERRED) {
    let pulumiRoot;
    try {
        pulumiRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir] }));
    } catch {
        return;
    }
    for (const name of names.filter((n) => DEFERRED.includes(n))) {
        let file;
        try {
            file = require.resolve(name, { paths: [pulumiRoot] });
        } catch {
            continue; // the SDK falls back to its vendored TypeScript; nothing to defer
        }
        deferModule(file, AS_ES_MODULE.has(name));
    }
}

module.exports = { deferSdkModules };
