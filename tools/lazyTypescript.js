// @pulumi/pulumi requires `typescript` when it loads (runtime/closure/parseFunction.js), about 0.4 s of CPU,
// yet it only uses it to serialize a function's closure. A process that runs no TypeScript and serializes no
// closure (the policy pack's) registers the module here first: it loads the real `typescript` on first use.
const path = require("path");
const Module = require("module");

/** `fromDir`: a directory from which `@pulumi/pulumi` resolves, so that the very `typescript` it would load is deferred. */
function deferTypescript(fromDir) {
    let file;
    try {
        const pulumiRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir] }));
        file = require.resolve("typescript", { paths: [pulumiRoot] });
    } catch {
        return; // the SDK falls back to its vendored copy; nothing to defer
    }
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
            get: (_target, key) => load()[key],
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

module.exports = { deferTypescript };
