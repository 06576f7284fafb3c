import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { UserInputError } from "../errors";

/** The parts of a Pulumi.yaml project file that a preview needs. */
export interface PulumiProject {
    dir: string;
    name: string;
    /** Absolute path of the program: `main` (file or directory), else the project directory. */
    program: string;
    /** Absolute path of the folder holding `Pulumi.<stack>.yaml`. */
    stackConfigDir: string;
    /** `runtime.options` the Node language host reads: `typescript` (default true) and `tsconfig`. */
    runtimeOptions: { typescript: boolean; tsconfig?: string };
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

function readYamlFile(file: string, what: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UserInputError(`cannot read ${what} ${file}: ${(e as Error).message}`);
    }
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
        throw new UserInputError(`${what} ${file} is not valid YAML: ${doc.errors[0].message}`);
    }
    return doc.toJS();
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function loadProject(cwd: string): PulumiProject {
    const dir = path.resolve(cwd);
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!file) {
        throw new UserInputError(`no Pulumi.yaml in ${dir}: --cwd must point at a Pulumi project directory`);
    }
    const doc = readYamlFile(file, "project file");
    if (!isRecord(doc) || typeof doc.name !== "string" || doc.name === "") {
        throw new UserInputError(`project file ${file}: key 'name' is required and must be a string`);
    }
    const runtime = isRecord(doc.runtime) ? doc.runtime.name : doc.runtime;
    if (runtime !== "nodejs") {
        throw new UserInputError(`project file ${file}: key 'runtime' is ${JSON.stringify(runtime)}; the offline preview runs only 'nodejs' programs`);
    }
    const main = doc.main === undefined ? "." : doc.main;
    if (typeof main !== "string") {
        throw new UserInputError(`project file ${file}: key 'main' must be a path relative to Pulumi.yaml`);
    }
    const stackConfigDir = doc.stackConfigDir === undefined ? "." : doc.stackConfigDir;
    if (typeof stackConfigDir !== "string") {
        throw new UserInputError(`project file ${file}: key 'stackConfigDir' must be a path relative to Pulumi.yaml`);
    }
    const program = path.resolve(dir, main);
    if (!fs.existsSync(program)) {
        throw new UserInputError(`project file ${file}: 'main' points at ${program}, which does not exist`);
    }
    const options = isRecord(doc.runtime) && isRecord(doc.runtime.options) ? doc.runtime.options : {};
    const runtimeOptions = {
        typescript: options.typescript === undefined ? true : options.typescript === true,
        tsconfig: typeof options.tsconfig === "string" ? options.tsconfig : undefined,
    };
    return { dir, name: doc.name, program, stackConfigDir: path.resolve(dir, stackConfigDir), runtimeOptions };
}

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

export function loadStackConfig(project: PulumiProject, stack: string): StackConfig {
    if (!STACK_NAME.test(stack)) {
        throw new UserInputError(`--stack '${stack}' is not a valid stack name (allowed: letters, digits, '-', '_', '.')`);
    }
    const file = path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = fs.existsSync(project.stackConfigDir)
            ? fs.readdirSync(project.stackConfigDir).filter((f) => /^Pulumi\..+\.ya?ml$/.test(f) && f !== "Pulumi.yaml")
            : [];
        const names = known.map((f) => f.replace(/^Pulumi\.(.+)\.ya?ml$/, "$1"));
        throw new UserInputError(`no stack config ${file} for stack '${stack}' (stacks here: ${names.join(", ") || "none"})`);
    }
    const doc = readYamlFile(file, "stack config");
    const config = isRecord(doc) ? doc.config : undefined;
    if (doc !== null && doc !== undefined && !isRecord(doc)) {
        throw new UserInputError(`stack config ${file} must be a YAML mapping`);
    }
    if (config !== undefined && config !== null && !isRecord(config)) {
        throw new UserInputError(`stack config ${file}: key 'config' must be a mapping of config keys`);
    }
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, raw] of Object.entries(config ?? {})) {
        const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
        if (containsSecure(raw)) {
            values[key] = OFFLINE_SECRET_PLACEHOLDER;
            secretKeys.push(key);
        } else if (typeof raw === "string") {
            values[key] = raw;
        } else {
            values[key] = JSON.stringify(raw);
        }
    }
    return { file, values, secretKeys };
}

function containsSecure(value: unknown): boolean {
    if (Array.isArray(value)) return value.some(containsSecure);
    if (!isRecord(value)) return false;
    if (Object.keys(value).length === 1 && typeof value.secure === "string") return true;
    return Object.values(value).some(containsSecure);
}
