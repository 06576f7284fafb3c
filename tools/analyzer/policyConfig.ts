import * as fs from "fs";
import Ajv, { ValidateFunction } from "ajv";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { UserInputError } from "../errors";
import { analyzerpb, ENFORCEMENT_LEVELS, EnforcementLevel, levelToWire } from "./proto";
import type { PackInfo } from "./policyInfo";
import { parseStrictJson } from "./strictJson";

/** One policy's settings after the file, the pack's defaults and the schema defaults are merged. */
export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads a `--policy-pack-config` file: `{ "all"?: level, "<policy>": level | { enforcementLevel?, ...settings } }`. */
export function readPolicyConfigFile(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UserInputError(`--policy-pack-config ${file}: cannot read it: ${(e as Error).message}`);
    }
    const parsed = parseStrictJson(text, `--policy-pack-config ${file}`);
    if (!isRecord(parsed)) {
        throw new UserInputError(`--policy-pack-config ${file} must be a JSON object keyed by policy name`);
    }
    return parsed;
}

function checkLevel(value: unknown, where: string): EnforcementLevel {
    if (typeof value === "string" && (ENFORCEMENT_LEVELS as string[]).includes(value)) return value as EnforcementLevel;
    throw new UserInputError(`${where}: enforcementLevel ${JSON.stringify(value)} is not allowed (allowed: ${ENFORCEMENT_LEVELS.join(", ")})`);
}

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();

function compiledSchema(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (!validate) {
        validate = ajv.compile(schema);
        compiled.set(key, validate);
    }
    return validate;
}

function schemaDefaults(properties: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(properties)) {
        if (isRecord(s) && "default" in s) out[k] = structuredClone(s.default);
    }
    return out;
}

/**
 * Does what the CLI does with policy config before `Configure`: every policy gets a level and its
 * settings, defaults come from each policy's config schema, and the result is validated against it.
 */
export function resolvePolicyConfig(pack: PackInfo, file: Record<string, unknown>, source: string): Map<string, ResolvedPolicyConfig> {
    const names = pack.policies.map((p) => p.name);
    for (const key of Object.keys(file)) {
        if (key !== "all" && !names.includes(key)) {
            throw new UserInputError(`${source}: unknown policy '${key}' (policies in pack '${pack.name}': ${names.join(", ")}, or 'all')`);
        }
    }
    const allLevel = file.all === undefined ? undefined : checkLevel(file.all, `${source}: key 'all'`);
    const resolved = new Map<string, ResolvedPolicyConfig>();
    for (const policy of pack.policies) {
        const entry = file[policy.name];
        let level = allLevel ?? policy.enforcementLevel;
        let settings: Record<string, unknown> = {};
        if (typeof entry === "string") {
            level = checkLevel(entry, `${source}: key '${policy.name}'`);
        } else if (isRecord(entry)) {
            const { enforcementLevel, ...rest } = entry;
            if (enforcementLevel !== undefined) level = checkLevel(enforcementLevel, `${source}: key '${policy.name}'`);
            settings = rest;
        } else if (entry !== undefined) {
            throw new UserInputError(`${source}: key '${policy.name}' must be an enforcement level or an object of settings`);
        }
        const schema = policy.configSchema;
        if (!schema && Object.keys(settings).length > 0) {
            throw new UserInputError(`${source}: policy '${policy.name}' takes no settings, got ${Object.keys(settings).join(", ")}`);
        }
        const properties = { ...(schema ? schemaDefaults(schema.properties) : {}), ...settings };
        if (schema) {
            const validate = compiledSchema({ type: "object", properties: schema.properties, required: schema.required });
            if (!validate(properties)) {
                const problems = (validate.errors ?? []).map(
                    (e) =>
                        `${e.instancePath || "/"} ${e.message}${e.params && "allowedValues" in e.params ? ` (allowed: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : ""}`,
                );
                throw new UserInputError(`${source}: settings of policy '${policy.name}' are invalid: ${problems.join("; ")}`);
            }
        }
        resolved.set(policy.name, { enforcementLevel: level, properties });
    }
    return resolved;
}

export function configureRequest(config: Map<string, ResolvedPolicyConfig>): analyzerpb.ConfigureAnalyzerRequest {
    const req = new analyzerpb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, c] of config) {
        const pc = new analyzerpb.PolicyConfig();
        pc.setEnforcementlevel(levelToWire(c.enforcementLevel));
        pc.setProperties(Struct.fromJavaScript(c.properties as Parameters<typeof Struct.fromJavaScript>[0]));
        map.set(name, pc);
    }
    return req;
}
