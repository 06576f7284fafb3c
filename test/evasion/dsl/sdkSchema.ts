/**
 * The pinned SDKs as the source of truth for type tokens and input names: a case that invents a type or
 * an input property tests nothing real. Reads `<pkg>/<module>/<resource>.js` for `__pulumiType`, the
 * `<Resource>Args` interface of its .d.ts for the top-level inputs, and `types/input.d.ts` for the
 * nested input types those refer to.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../support/offlinePreview";

/** Input name → the nested input type it takes (`<namespace>.<Interface>`), or null for a scalar, list of scalars or map. */
type Shape = Map<string, string | null>;

const PULUMI = path.join(REPO_ROOT, "node_modules", "@pulumi");
const resourceShapes = new Map<string, Shape | undefined>();
const nestedShapes = new Map<string, Map<string, Shape>>();

function parseMembers(body: string, indent: number): Shape {
    const shape: Shape = new Map();
    for (const m of body.matchAll(new RegExp(`^ {${indent}}(\\w+)\\??: (.*)$`, "gm"))) {
        const ref = /inputs\.([A-Za-z0-9]+)\.([A-Za-z0-9]+)/.exec(m[2]);
        shape.set(m[1], ref ? `${ref[1]}.${ref[2]}` : null);
    }
    return shape;
}

/** Every nested input interface of a package, by `<namespace>.<Interface>`. */
function nestedOf(pkg: "aws" | "oci"): Map<string, Shape> {
    let index = nestedShapes.get(pkg);
    if (index) return index;
    index = new Map();
    const text = fs.readFileSync(path.join(PULUMI, pkg, "types", "input.d.ts"), "utf8");
    for (const ns of text.matchAll(/^export declare namespace (\w+) \{\n([\s\S]*?)^\}/gm)) {
        for (const iface of ns[2].matchAll(/^ {4}interface (\w+) \{\n([\s\S]*?)^ {4}\}/gm)) index.set(`${ns[1]}.${iface[1]}`, parseMembers(iface[2], 8));
    }
    nestedShapes.set(pkg, index);
    return index;
}

function resourceShape(type: string): Shape | undefined {
    if (resourceShapes.has(type)) return resourceShapes.get(type);
    let result: Shape | undefined;
    const m = /^(aws|oci):([A-Za-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    if (m) {
        const [, pkg, mod, file, cls] = m;
        const dir = path.join(PULUMI, pkg, pkg === "oci" ? mod.toLowerCase() : mod);
        // File names follow the token's case, except a few (datasync/s3location.js for s3Location).
        const js = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.toLowerCase() === `${file.toLowerCase()}.js`) : undefined;
        const base = js ? path.join(dir, js.slice(0, -3)) : "";
        if (js && fs.readFileSync(`${base}.js`, "utf8").includes(`__pulumiType = '${type}'`)) {
            const dts = fs.readFileSync(`${base}.d.ts`, "utf8");
            result = parseMembers(new RegExp(`export interface ${cls}Args \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1] ?? "", 4);
        }
    }
    resourceShapes.set(type, result);
    return result;
}

const secretInputs = new Map<string, ReadonlySet<string>>();

/** Inputs the SDK wraps in `pulumi.secret(...)` before registering (passwords and the like). */
export function sdkSecretInputsOf(type: string): ReadonlySet<string> {
    const cached = secretInputs.get(type);
    if (cached) return cached;
    const found = new Set<string>();
    const m = /^(aws|oci):([A-Za-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    if (m) {
        const dir = path.join(PULUMI, m[1], m[1] === "oci" ? m[2].toLowerCase() : m[2]);
        const js = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.toLowerCase() === `${m[3].toLowerCase()}.js`) : undefined;
        if (js)
            for (const x of fs.readFileSync(path.join(dir, js), "utf8").matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+ \? pulumi\.secret\(/g))
                found.add(x[1]);
    }
    secretInputs.set(type, found);
    return found;
}

function providerShape(pkg: "aws" | "oci"): Shape {
    const dts = fs.readFileSync(path.join(PULUMI, pkg, "provider.d.ts"), "utf8");
    return parseMembers(/export interface ProviderArgs \{([\s\S]*?)\n\}/.exec(dts)?.[1] ?? "", 4);
}

/** The input property names of a resource type of @pulumi/aws or @pulumi/oci, or undefined if the SDK has no such type. */
export function sdkInputsOf(type: string): ReadonlySet<string> | undefined {
    const shape = resourceShape(type);
    return shape && new Set(shape.keys());
}

/**
 * What in `props` the SDK does not declare, at any depth: an unknown type, or `<path>: no input '<key>'`.
 * Providers' inputs arrive stringified, so only their top-level names are checked.
 */
export function sdkProblems(type: string, props: Record<string, unknown>): string[] {
    const provider = /^pulumi:providers:(aws|oci)$/.exec(type)?.[1] as "aws" | "oci" | undefined;
    const shape = provider ? providerShape(provider) : resourceShape(type);
    if (!shape) return [`no type ${type} in the pinned SDKs`];
    const pkg = provider ?? (type.split(":")[0] as "aws" | "oci");
    const problems: string[] = [];
    const walk = (value: unknown, s: Shape, at: string) => {
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            if (provider && key === "version") continue;
            if (!s.has(key)) {
                problems.push(`${at}: no input '${key}'`);
                continue;
            }
            const ref = s.get(key);
            const nested = ref ? nestedOf(pkg).get(ref) : undefined;
            if (!nested || provider) continue;
            for (const [i, item] of (Array.isArray(v) ? v : [v]).entries()) {
                if (item && typeof item === "object" && !Array.isArray(item)) walk(item, nested, `${at}.${key}${Array.isArray(v) ? `[${i}]` : ""}`);
            }
        }
    };
    walk(props, shape, type);
    return problems;
}
