import * as fs from "node:fs";
import * as path from "node:path";

/** One resource type of an installed Pulumi SDK package. */
export interface SdkType {
    token: string;
    /** The class's .js file, relative to the package directory. */
    file: string;
}

const TOKEN = /static __pulumiType = '([^']+)'/;

/** The SDK packages whose resource types the catalogue classifies. */
export const CATALOGUED_PACKAGES = ["@pulumi/aws", "@pulumi/oci", "@pulumi/random"] as const;

export function packageDir(pkg: string, root = process.cwd()): string {
    return path.join(root, "node_modules", pkg);
}

function jsFiles(dir: string, out: string[]): string[] {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules" && entry.name !== "types" && entry.name !== "config") {
                jsFiles(path.join(dir, entry.name), out);
            }
        } else if (entry.name.endsWith(".js") && entry.name !== "index.js" && entry.name !== "utilities.js") {
            out.push(path.join(dir, entry.name));
        }
    }
    return out;
}

/**
 * Every resource type a package declares: the `__pulumiType` of each resource class. The package's own
 * provider (a token without a module, e.g. `aws`) is left out: providers are `pulumi:providers:<pkg>`.
 */
export function sdkTypes(pkgDir: string): SdkType[] {
    const types: SdkType[] = [];
    for (const file of jsFiles(pkgDir, [])) {
        const match = TOKEN.exec(fs.readFileSync(file, "utf8"));
        if (match && match[1].includes(":")) types.push({ token: match[1], file: path.relative(pkgDir, file) });
    }
    return types.sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
}

const ARGS_START = /^export interface (\w+)Args \{$/m;
const TOP_LEVEL_PROPERTY = /^ {4}(\w+)\??: /;
const CLASS_START = /^export declare class (\w+) extends pulumi\.(?:Custom|Component)Resource \{$/m;
const OUTPUT_PROPERTY = /^ {4}readonly (\w+)!?: pulumi\.Output</;

/** The names of the members `member` matches in the block of a type's .d.ts that `start` opens, to its closing brace. */
function blockMembers(pkgDir: string, type: SdkType, start: RegExp, member: RegExp): string[] {
    const dts = path.join(pkgDir, type.file.replace(/\.js$/, ".d.ts"));
    if (!fs.existsSync(dts)) return [];
    const text = fs.readFileSync(dts, "utf8");
    const opened = start.exec(text);
    if (!opened) return [];
    const properties: string[] = [];
    for (const line of text.slice(opened.index + opened[0].length).split("\n")) {
        if (line.startsWith("}")) break;
        const property = member.exec(line);
        if (property) properties.push(property[1]);
    }
    return properties;
}

/** The top-level input property names of a resource type (its `<Name>Args` interface in the .d.ts). */
export function inputProperties(pkgDir: string, type: SdkType): string[] {
    return blockMembers(pkgDir, type, ARGS_START, TOP_LEVEL_PROPERTY);
}

/** The output property names of a resource type (the `readonly x: pulumi.Output<...>` members of its class). */
export function outputProperties(pkgDir: string, type: SdkType): string[] {
    return blockMembers(pkgDir, type, CLASS_START, OUTPUT_PROPERTY);
}
