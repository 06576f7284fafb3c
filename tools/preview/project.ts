/**
 * Reads a Pulumi project and one of its stacks as the CLI does, so that the program gets the config `pulumi
 * preview` would give it (pulumi/pulumi `sdk/go/common/workspace`: paths.go, loaders.go, project.go; config keys:
 * `sdk/go/common/resource/config/key.go`; project config over stack config: `pkg/workspace/config.go`):
 * - the project file is the first of `Pulumi.json`, `Pulumi.yaml`, `Pulumi.yml` in `--cwd` or the nearest folder
 *   above it that has one; the stack file is `Pulumi.<stack>` with the project file's extension, in `stackConfigDir`;
 * - stack config keys are `<name>` (the project's namespace), `<namespace>:<name>` or `<namespace>:config:<name>`;
 *   two spellings of one key are an error (the CLI would keep one of them at random);
 * - project-level `config:` declarations give defaults and values and are checked as the CLI checks them:
 *   required keys, types, `secret`.
 * What cannot be honoured offline (packages and plugins to download, node arguments, Pulumi ESC environments) stops
 * the preview, naming the key and why; so does a key the CLI would not read, or that this reader does not know.
 */
import * as fs from "fs";
import * as path from "path";
import type { z } from "zod";
import { UserInputError } from "../errors";
import {
    type ConfigItemsType,
    type ConfigTypeDeclaration,
    type ConfigTypeName,
    firstIssue,
    nodeRuntimeOptionsSchema,
    projectFileSchema,
    stackFileSchema,
} from "./pulumiFileSchemas";
import { goJson, isMarkupObject, type MarkupValue, readMarkupFile } from "./pulumiMarkup";

/** The Node.js runtime as the language host would start the program (`runtime.options`, with its defaults). */
export interface NodeRuntime {
    name: "nodejs";
    options: {
        /** Run TypeScript through ts-node (PULUMI_NODEJS_TYPESCRIPT); default true. */
        typescript: boolean;
        /** PULUMI_NODEJS_TSCONFIG_PATH as given: `cmd/run` resolves it from the program's directory. */
        tsconfig?: string;
        /** For `pulumi install` only. */
        packagemanager: "auto" | "npm" | "yarn" | "pnpm" | "bun";
        /** For `pulumi install` only. */
        production: boolean;
    };
}

/** A Pulumi project, as far as a preview needs it. */
export interface PulumiProject {
    dir: string;
    /** The project file: Pulumi.json, Pulumi.yaml or Pulumi.yml. */
    file: string;
    name: string;
    /** Absolute path of the program: `main` (file or directory), else the project directory. */
    program: string;
    /** Absolute path of the folder holding `Pulumi.<stack>.*`. */
    stackConfigDir: string;
    runtime: NodeRuntime;
    /** The project's `config:` declarations by key as written (plain JSON: the program's process gets it too). */
    config: Record<string, ProjectConfigKey>;
}

/** One project config declaration, as the stack's config is completed and checked with it. */
export interface ProjectConfigKey {
    type?: ConfigTypeName;
    items?: ConfigItemsType;
    secret: boolean;
    /** What the program gets when the stack file does not set the key (`default`, or `value`). */
    fallback?: ConfigValue;
}

/** Stack config as the language host hands it to a program: `<namespace>:<key>` to string. */
export interface StackConfig {
    file: string;
    values: Record<string, string>;
    /** Keys whose values are `secure:` ciphertext. Offline they hold a placeholder and stay secret. */
    secretKeys: string[];
}

/** What a `secure:` value becomes offline: the ciphertext cannot be decrypted without the stack's secrets provider. */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-preview-secret";

/** The CLI's precedence (`encoding.Exts`). */
const PROJECT_FILES = ["Pulumi.json", "Pulumi.yaml", "Pulumi.yml"];

function isFile(file: string): boolean {
    try {
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

/** `DetectProjectPathFrom`: the nearest project file in `dir` or a folder above it. */
function findProjectFile(dir: string): string | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
        const found = PROJECT_FILES.map((f) => path.join(d, f)).find(isFile);
        if (found) return found;
        if (path.dirname(d) === d) return undefined;
    }
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
    const result = schema.safeParse(value);
    if (!result.success) throw new UserInputError(`${where}: ${firstIssue(result.error)}`);
    return result.data;
}

const isInteger = (v: unknown): v is bigint | number => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));

export function loadProject(cwd: string): PulumiProject {
    const start = path.resolve(cwd);
    const file = findProjectFile(start);
    if (!file) {
        throw new UserInputError(
            `no Pulumi project file (${PROJECT_FILES.join(", ")}) in ${start} or a folder above it: --cwd must point into a Pulumi project`,
        );
    }
    const where = `project file ${file}`;
    const raw = readMarkupFile(file);
    if (!isMarkupObject(raw)) throw new UserInputError(`${where} must be a mapping of project keys`);
    if (!("name" in raw)) throw new UserInputError(`${where}: key 'name' is required`);
    const doc = parsed(projectFileSchema, raw, where);
    const dir = path.dirname(file);

    refuseWhatCannotBeHonoured(doc, where);
    const runtime = nodeRuntime(doc.runtime, where);
    // The old spelling of stackConfigDir (RewriteConfigPathIntoStackConfigDir).
    let stackConfigDir = doc.stackConfigDir ?? undefined;
    if (typeof doc.config === "string") {
        if (doc.stackConfigDir !== undefined) {
            throw new UserInputError(`${where}: keys 'config' (as a folder) and 'stackConfigDir' both set the stack folder; use only 'stackConfigDir'`);
        }
        stackConfigDir = doc.config;
    }
    const config = typeof doc.config === "object" && doc.config !== null ? projectConfig(doc.name, doc.config, raw.config, file) : {};
    const program = path.resolve(dir, doc.main ?? ".");
    if (!fs.existsSync(program)) {
        throw new UserInputError(`${where}: 'main' points at ${program}, which does not exist`);
    }
    return { dir, file, name: doc.name, program, stackConfigDir: path.resolve(dir, stackConfigDir ?? "."), runtime, config };
}

type ProjectDoc = z.infer<typeof projectFileSchema>;

/** Keys whose effect needs a download, a service or the CLI's own plugins: the preview would not be what the CLI runs. */
function refuseWhatCannotBeHonoured(doc: ProjectDoc, where: string): void {
    const packages = Object.keys(doc.packages ?? {});
    if (packages.length > 0) {
        throw new UserInputError(
            `${where}: key 'packages' (${packages.join(", ")}) makes the CLI download and install packages, which the offline preview cannot do; preview this project with the Pulumi CLI`,
        );
    }
    for (const kind of ["providers", "analyzers", "languages"] as const) {
        const plugins = doc.plugins?.[kind] ?? [];
        if (plugins.length > 0) {
            throw new UserInputError(
                `${where}: key 'plugins.${kind}' (${plugins.map((p) => p.name).join(", ")}) makes the CLI run plugin binaries from local paths, which the offline preview does not run; preview this project with the Pulumi CLI`,
            );
        }
    }
}

function nodeRuntime(runtime: ProjectDoc["runtime"], where: string): NodeRuntime {
    const name = typeof runtime === "string" ? runtime : runtime.name;
    if (name !== "nodejs") {
        throw new UserInputError(`${where}: key 'runtime' is ${JSON.stringify(name)}; the offline preview runs only 'nodejs' programs`);
    }
    const options = parsed(nodeRuntimeOptionsSchema, typeof runtime === "string" ? {} : (runtime.options ?? {}), `${where}: key 'runtime.options'`);
    if (options.nodeargs !== undefined && options.nodeargs.trim() !== "") {
        throw new UserInputError(
            `${where}: key 'runtime.options.nodeargs' (${JSON.stringify(options.nodeargs)}) gives the program's node process arguments; the offline preview starts that process with its own flags (its sandbox), so it cannot honour them`,
        );
    }
    return {
        name: "nodejs",
        options: {
            typescript: options.typescript ?? true,
            tsconfig: options.tsconfig,
            packagemanager: options.packagemanager ?? "auto",
            production: options.production ?? false,
        },
    };
}

/** A key of the project's own namespace: no namespace, or `<project>:` (`configKeyIsNamespacedByProject`). */
function ownNamespace(project: string, key: string): boolean {
    return !key.includes(":") || key.startsWith(`${project}:`);
}

function typeName(type: ConfigTypeName | undefined, items: ConfigItemsType | undefined): string {
    return items ? `array<${typeName(items.type, items.items)}>` : (type ?? "");
}

/**
 * The project's `config:` block as the CLI reads it: shorthand values become a `default` (own namespace) or a
 * `value` (another namespace, such as `aws:region`), and every declaration passes `Project.Validate`.
 */
function projectConfig(project: string, entries: Record<string, unknown>, rawEntries: MarkupValue | undefined, file: string): Record<string, ProjectConfigKey> {
    const where = `project file ${file}`;
    const out: Record<string, ProjectConfigKey> = {};
    const raw = isMarkupObject(rawEntries) ? rawEntries : {};
    for (const key of Object.keys(entries).sort()) {
        const entry = entries[key];
        const at = `${where}: key 'config.${key}'`;
        if (parseConfigKey(key.includes(":") ? key : `${project}:${key}`) === undefined) {
            throw new UserInputError(`${at} is not a config key the CLI reads (allowed: <name>, <namespace>:<name>, <namespace>:config:<name>)`);
        }
        // The project schema types a key named 'secret' as a boolean.
        if (key === "secret" && typeof entry !== "boolean") throw new UserInputError(`${at} must be a boolean`);
        let decl: ConfigTypeDeclaration;
        if (typeof entry === "string" || typeof entry === "boolean" || isInteger(entry) || Array.isArray(entry)) {
            // A JSON file's numbers are floats to the CLI, which it cannot read as a shorthand value.
            if (typeof entry === "number") {
                throw new UserInputError(`${at}: the CLI cannot read a number here in a JSON project file; write {"default": ${entry}} (or "value")`);
            }
            const value = raw[key] as MarkupValue;
            decl = ownNamespace(project, key) ? { default: value } : { value };
        } else {
            decl = entry as ConfigTypeDeclaration;
        }
        validateDeclaration(project, key, decl, at);
        const given = present(decl.default) ? decl.default : decl.value;
        out[key] = {
            type: decl.type,
            items: decl.items,
            secret: decl.secret === true,
            fallback: present(given) ? projectValue(given as MarkupValue) : undefined,
        };
    }
    return out;
}

const present = (v: unknown) => v !== undefined && v !== null;

/** `Project.Validate` for one declaration. */
function validateDeclaration(project: string, key: string, decl: ConfigTypeDeclaration, at: string): void {
    if (present(decl.default) && present(decl.value)) throw new UserInputError(`${at} cannot have both a 'default' and a 'value'`);
    if (ownNamespace(project, key)) {
        if (decl.type === "array" && decl.items === undefined) throw new UserInputError(`${at} declares an array but not the type of its elements ('items')`);
        if (decl.type !== undefined && present(decl.default) && !matchesType(decl.type, decl.items, decl.default as MarkupValue)) {
            throw new UserInputError(
                `${at}: the default ${goJson(decl.default as MarkupValue)} is not of the declared type '${typeName(decl.type, decl.items)}'`,
            );
        }
        if (key.includes(".") || key.includes("[")) {
            throw new UserInputError(`${at} is a property path; the offline preview applies project config to whole keys only: declare the top-level key`);
        }
    } else {
        if (decl.type !== undefined) throw new UserInputError(`${at} is not in the project's namespace and may not declare a type`);
        if (present(decl.default)) throw new UserInputError(`${at} is not in the project's namespace and may not have a 'default' (did you mean 'value'?)`);
        if (!present(decl.value)) throw new UserInputError(`${at} is not in the project's namespace and must have a 'value'`);
    }
}

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/** `ValidateConfigValue`: whether a value (decoded, or a stack value's text) is of a config type. */
function matchesType(type: ConfigTypeName, items: ConfigItemsType | undefined, value: MarkupValue | undefined): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            if (isInteger(value)) return true;
            if (typeof value === "string" && /^[+-]?[0-9]+$/.test(value)) {
                const n = BigInt(value);
                return n >= INT64.min && n <= INT64.max;
            }
            return false;
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return isMarkupObject(value);
        default:
            return Array.isArray(value) && items !== undefined && value.every((v) => matchesType(items.type, items.items, v));
    }
}

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** A config value as the CLI holds it (`config.Value`): its text, and whether it is secret or an object. */
export interface ConfigValue {
    text: string;
    secure: boolean;
    object: boolean;
}

function containsSecure(value: MarkupValue): boolean {
    if (Array.isArray(value)) return value.some(containsSecure);
    if (!isMarkupObject(value)) return false;
    if (Object.keys(value).length === 1 && typeof value.secure === "string") return true;
    return Object.values(value).some(containsSecure);
}

/** `object.MarshalString`: what the program gets for a stack file value. */
function stackValue(value: MarkupValue): ConfigValue {
    if (value === null) return { text: "", secure: false, object: false };
    if (typeof value === "string") return { text: value, secure: false, object: false };
    if (typeof value !== "object") return { text: goJson(value), secure: false, object: false };
    return { text: goJson(value), secure: containsSecure(value), object: true };
}

/** `createConfigValue`: what the program gets for a project default or value. */
function projectValue(value: MarkupValue): ConfigValue {
    if (typeof value === "string") return { text: value, secure: false, object: false };
    if (typeof value === "boolean" || typeof value === "bigint") return { text: String(value), secure: false, object: false };
    return { text: goJson(value), secure: false, object: true };
}

/** `config.ParseKey`: `<namespace>:<name>` or `<namespace>:config:<name>`. */
function parseConfigKey(key: string): string | undefined {
    const parts = key.split(":");
    if (parts.length === 2) return key;
    if (parts.length === 3 && parts[1] === "config") return `${parts[0]}:${parts[2]}`;
    return undefined;
}

export function loadStackConfig(project: PulumiProject, stack: string): StackConfig {
    if (!STACK_NAME.test(stack)) {
        throw new UserInputError(`--stack '${stack}' is not a valid stack name (allowed: letters, digits, '-', '_', '.')`);
    }
    const ext = path.extname(project.file);
    const file = path.join(project.stackConfigDir, `Pulumi.${stack}${ext}`);
    if (!isFile(file)) {
        const projectFile = path.basename(project.file);
        const known = fs.existsSync(project.stackConfigDir)
            ? fs.readdirSync(project.stackConfigDir).filter((f) => f.startsWith("Pulumi.") && f.endsWith(ext) && f !== projectFile)
            : [];
        const names = known.map((f) => f.slice("Pulumi.".length, f.length - ext.length));
        throw new UserInputError(`no stack config ${file} for stack '${stack}' (stacks here: ${names.join(", ") || "none"})`);
    }
    const where = `stack config ${file}`;
    const raw = readMarkupFile(file);
    if (raw !== undefined && raw !== null && !isMarkupObject(raw)) throw new UserInputError(`${where} must be a mapping of stack keys`);
    const doc = parsed(stackFileSchema, raw ?? {}, where);
    refuseEnvironment(doc.environment as MarkupValue | undefined, where);

    const values = new Map<string, ConfigValue>();
    const spelledAs = new Map<string, string>();
    const entries = isMarkupObject(raw) && isMarkupObject(raw.config) ? raw.config : {};
    for (const [rawKey, value] of Object.entries(entries)) {
        // stackConfigNamespacedWithProject, then config.ParseKey.
        const key = parseConfigKey(rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`);
        if (key === undefined) {
            throw new UserInputError(
                `${where}: key 'config.${rawKey}' is not a config key the CLI reads (allowed: <name>, <namespace>:<name>, <namespace>:config:<name>)`,
            );
        }
        const earlier = spelledAs.get(key);
        if (earlier !== undefined) {
            throw new UserInputError(`${where}: keys 'config.${earlier}' and 'config.${rawKey}' are both config key '${key}'; give it once`);
        }
        spelledAs.set(key, rawKey);
        values.set(key, stackValue(value));
    }
    applyProjectConfig(project, stack, values, where);

    const out: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, v] of values) {
        out[key] = v.secure ? OFFLINE_SECRET_PLACEHOLDER : v.text;
        if (v.secure) secretKeys.push(key);
    }
    return { file, values: out, secretKeys };
}

function refuseEnvironment(environment: MarkupValue | undefined, where: string): void {
    if (environment === undefined || environment === null) return;
    if (Array.isArray(environment) && environment.length === 0) return;
    const imports = Array.isArray(environment)
        ? environment
        : isMarkupObject(environment) && Array.isArray(environment.imports)
          ? environment.imports
          : [environment];
    throw new UserInputError(
        `${where}: key 'environment' imports Pulumi ESC environments (${imports.map((e) => (typeof e === "string" ? e : goJson(e))).join(", ")}), which only Pulumi Cloud can open; the offline preview cannot read their config`,
    );
}

/** `ValidateStackConfigAndApplyProjectConfig`: defaults and values from the project, then the declared checks. */
function applyProjectConfig(project: PulumiProject, stack: string, values: Map<string, ConfigValue>, where: string): void {
    const declared = Object.keys(project.config).sort();
    const keyOf = (k: string) => parseConfigKey(k.includes(":") ? k : `${project.name}:${k}`)!;
    const missing: string[] = [];
    for (const k of declared) {
        const decl = project.config[k];
        const key = keyOf(k);
        if (values.has(key)) continue;
        if (decl.fallback) values.set(key, decl.fallback);
        else if (key.startsWith(`${project.name}:`)) missing.push(k);
    }
    if (missing.length > 0) {
        throw new UserInputError(
            `${where}: stack '${stack}' is missing configuration ${missing.length > 1 ? "values" : "value"} ${missing.map((m) => `'${m}'`).join(", ")}, which ${project.file} declares without a default`,
        );
    }
    for (const k of declared) {
        const decl = project.config[k];
        const v = values.get(keyOf(k));
        // The CLI checks only declarations with a type (validateStackConfigValues).
        if (v === undefined || decl.type === undefined) continue;
        if (decl.secret && !v.secure) {
            throw new UserInputError(`${where}: configuration key '${k}' must be encrypted (secure:), as ${project.file} declares it secret`);
        }
        // A secret's value cannot be decrypted offline, so its type cannot be checked here.
        if (v.secure) continue;
        const content = v.object ? (JSON.parse(v.text) as MarkupValue) : v.text;
        if (!matchesType(decl.type, decl.items, content)) {
            throw new UserInputError(
                `${where}: configuration key '${k}' must be of type '${typeName(decl.type, decl.items)}' (${project.file} declares it), given ${JSON.stringify(v.text)}`,
            );
        }
    }
}
