/**
 * The pinned SDKs as the source of truth for type tokens and input names: a case that invents a type or
 * an input property tests nothing real. Reads `<pkg>/<module>/<resource>.js` for `__pulumiType` and the
 * `<Resource>Args` interface of its .d.ts for the input names.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../support/offlinePreview";

const cache = new Map<string, ReadonlySet<string> | undefined>();

/** The input property names of a resource type of @pulumi/aws or @pulumi/oci, or undefined if the SDK has no such type. */
export function sdkInputsOf(type: string): ReadonlySet<string> | undefined {
    if (cache.has(type)) return cache.get(type);
    let result: ReadonlySet<string> | undefined;
    const m = /^(aws|oci):([A-Za-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    if (m) {
        const [, pkg, mod, file, cls] = m;
        const dir = path.join(REPO_ROOT, "node_modules", "@pulumi", pkg, pkg === "oci" ? mod.toLowerCase() : mod);
        // File names follow the token's case, except a few (datasync/s3location.js for s3Location).
        const js = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.toLowerCase() === `${file.toLowerCase()}.js`) : undefined;
        const base = js ? path.join(dir, js.slice(0, -3)) : "";
        if (js && fs.readFileSync(`${base}.js`, "utf8").includes(`__pulumiType = '${type}'`)) {
            const dts = fs.readFileSync(`${base}.d.ts`, "utf8");
            const body = new RegExp(`export interface ${cls}Args \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1] ?? "";
            result = new Set([...body.matchAll(/^ {4}(\w+)\??:/gm)].map((x) => x[1]));
        }
    }
    cache.set(type, result);
    return result;
}

/** Provider inputs: the `ProviderArgs` interface of the package. */
export function sdkProviderInputsOf(pkg: "aws" | "oci"): ReadonlySet<string> {
    const dts = fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", pkg, "provider.d.ts"), "utf8");
    const body = /export interface ProviderArgs \{([\s\S]*?)\n\}/.exec(dts)?.[1] ?? "";
    return new Set([...body.matchAll(/^ {4}(\w+)\??:/gm)].map((x) => x[1]));
}
