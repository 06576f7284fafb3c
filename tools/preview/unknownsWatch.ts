/**
 * Watches a preview run of the program for the one way its behaviour can depend on what is unknown at
 * preview: code of the program (or of a provider SDK) that a value unknown at preview would have run or
 * steered. The second pass (secondPass.ts) exists to find resources created there; when this finds no such
 * code, a run with every output known follows the very same path and registers the same resources, so the
 * preview can skip the second pass. Anything it cannot vouch for is a reason to run it (fail closed).
 *
 * What it watches, in this process, before the program loads:
 * - every `apply` (also behind `pulumi.all`, `output(...)` and lifted property access) whose callback did
 *   not run because its value was unknown, or that asked to run with unknown values (`apply(fn, true)`);
 * - every call of `isDryRun()` from outside `@pulumi/pulumi` (a program that branches on preview vs update);
 * - every invoke whose arguments hold an unknown value (its plain, promise form then resolves to `{}`);
 * - any transform the program registers through the SDK's callbacks (it sees the properties, unknowns included).
 * A few callbacks of the SDK itself are exempt: `interpolate` and `concat` join their values into a string,
 * `jsonStringify` without a replacer function serializes them, and the stack-output walk (`runtime/stack.js`)
 * copies the values it exports. They register nothing (the values' own `toString`, `toJSON` and getters are taken to be
 * pure), and whatever reads their unknown result goes through `apply` again. The SDK's internal `promise()` and
 * `isKnown` of an output are not API; a program that reads them is outside what this can see.
 */
import * as path from "path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
import pulumiOutputModule = require("@pulumi/pulumi/output");

const MAX_REASONS = 5;
const SDK_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json")) + path.sep;
const OUTPUT_FILE = path.join(SDK_DIR, "output.js");
const STACK_FILE = path.join(SDK_DIR, "runtime", "stack.js");
const INVOKE_FILE = path.join(SDK_DIR, "runtime", "invoke.js");

interface Caller {
    file: string;
    fn: string;
}

/** The function that called `callee`, as V8 sees it (file and function name), without formatting a stack. */
function callerOf(callee: (...args: never[]) => unknown): Caller {
    const previousPrepare = Error.prepareStackTrace;
    const previousLimit = Error.stackTraceLimit;
    try {
        Error.prepareStackTrace = (_e, frames) => frames;
        Error.stackTraceLimit = 1;
        const holder: { stack?: NodeJS.CallSite[] } = {};
        Error.captureStackTrace(holder, callee);
        const frame = holder.stack?.[0];
        return { file: frame?.getFileName() ?? "", fn: frame?.getFunctionName() ?? "" };
    } finally {
        Error.prepareStackTrace = previousPrepare;
        Error.stackTraceLimit = previousLimit;
    }
}

/** The file only: V8's line is the transpiled one, and mapping it back is not worth a source map here. */
function where(c: Caller): string {
    return c.file ? `${path.relative(process.cwd(), c.file) || c.file}` : "an unknown place";
}

/** Set while `jsonStringify` runs with a replacer function: its callback then runs the program's code. */
let replacerGiven = false;

/** The SDK's own callbacks that only join or copy values (see above). */
function exempt(c: Caller, runWithUnknowns: boolean): boolean {
    if (c.file === OUTPUT_FILE) {
        return runWithUnknowns || c.fn === "interpolate" || c.fn === "concat" || (c.fn === "jsonStringify" && !replacerGiven);
    }
    return c.file === STACK_FILE;
}

type JsonStringify = (obj: unknown, replacer?: unknown, space?: unknown) => unknown;

function watchReplacer(exportsOf: { jsonStringify: JsonStringify }, original: JsonStringify): void {
    exportsOf.jsonStringify = function (obj: unknown, replacer?: unknown, space?: unknown) {
        const previous = replacerGiven;
        replacerGiven = typeof replacer === "function";
        try {
            return original(obj, replacer, space);
        } finally {
            replacerGiven = previous;
        }
    };
}

export interface UnknownsWatch {
    /** Why a run with every output known could differ from this one: empty when it cannot. */
    reasons(): string[];
}

/** Installs the watch; call before the program loads, in a preview-mode run only. */
export function watchUnknowns(): UnknownsWatch {
    const reasons: string[] = [];
    let count = 0;
    /** Watched callbacks whose value has not settled yet: at the end, each is a reason (it may still be unknown). */
    let waiting = 0;
    const note = (reason: string) => {
        count++;
        if (reasons.length < MAX_REASONS) reasons.push(reason);
    };

    const OutputClass = pulumiOutputModule.Output as unknown as { prototype: { apply: (fn: unknown, runWithUnknowns?: boolean) => unknown } };
    const apply = OutputClass.prototype.apply;
    OutputClass.prototype.apply = function watchedApply(this: { isKnown: Promise<boolean> }, fn: unknown, runWithUnknowns?: boolean) {
        const caller = callerOf(watchedApply);
        if (!exempt(caller, runWithUnknowns === true)) {
            if (runWithUnknowns) {
                note(`an apply in ${where(caller)} asked to run with unknown values`);
            } else {
                // Settles with the output itself; a rejection is the program's, reported where it is awaited.
                waiting++;
                Promise.resolve(this.isKnown).then(
                    (known) => {
                        waiting--;
                        if (!known) note(`a callback in ${where(caller)} waited on a value unknown at preview`);
                    },
                    () => waiting--,
                );
            }
        }
        return apply.call(this, fn, runWithUnknowns);
    };

    /* eslint-disable @typescript-eslint/no-require-imports */
    const sdkIndex = require("@pulumi/pulumi") as { jsonStringify: JsonStringify };
    const outputExports = pulumiOutputModule as unknown as { jsonStringify: JsonStringify };
    const jsonStringify = outputExports.jsonStringify;
    watchReplacer(outputExports, jsonStringify);
    watchReplacer(sdkIndex, jsonStringify);
    const settings = require("@pulumi/pulumi/runtime/settings") as { isDryRun: () => boolean };
    const runtime = require("@pulumi/pulumi/runtime") as { isDryRun: () => boolean };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const isDryRun = settings.isDryRun;
    const watchedIsDryRun = function watchedIsDryRun(): boolean {
        const caller = callerOf(watchedIsDryRun);
        if (!caller.file.startsWith(SDK_DIR)) note(`isDryRun() was read in ${where(caller)}`);
        return isDryRun();
    };
    settings.isDryRun = watchedIsDryRun;
    runtime.isDryRun = watchedIsDryRun;

    /* eslint-disable @typescript-eslint/no-require-imports */
    const rpc = require("@pulumi/pulumi/runtime/rpc") as { containsUnknownValues: (v: unknown) => boolean };
    const callbacks = require("@pulumi/pulumi/runtime/callbacks") as { CallbackServer: { prototype: Record<string, unknown> } };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const containsUnknownValues = rpc.containsUnknownValues;
    rpc.containsUnknownValues = function watchedContainsUnknownValues(value: unknown): boolean {
        const unknown = containsUnknownValues(value);
        if (unknown && callerOf(watchedContainsUnknownValues).file === INVOKE_FILE) note("an invoke was made with arguments unknown at preview");
        return unknown;
    };
    const server = callbacks.CallbackServer.prototype;
    for (const method of ["registerTransform", "registerStackTransform", "registerStackInvokeTransform", "registerStackInvokeTransformAsync"]) {
        const original = server[method];
        if (typeof original !== "function") continue;
        server[method] = function (this: unknown, ...args: unknown[]) {
            note("the program registers a transform, which sees values unknown at preview");
            return (original as (...a: unknown[]) => unknown).apply(this, args);
        };
    }

    return {
        reasons: () => {
            // A second copy of the SDK has its own Output class, which nothing here watches.
            const ours = require.resolve("@pulumi/pulumi/output");
            const other = Object.keys(require.cache).find((f) => f.endsWith(path.join("@pulumi", "pulumi", "output.js")) && f !== ours);
            if (other) note(`a second copy of @pulumi/pulumi is loaded (${other})`);
            if (waiting > 0) note(`${waiting} callback(s) still waited on their value when the program settled`);
            return count > reasons.length ? [...reasons, `and ${count - reasons.length} more`] : [...reasons];
        },
    };
}
