import { redactor } from "../secrets";
import { ARCHIVE_SIG, ASSET_SIG, INTEGER_SIG, OUTPUT_VALUE_SIG, RESOURCE_REFERENCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from "./pulumiFormats";

/** What every secret becomes: the value itself is never read, kept or printed. */
export const SECRET_PLACEHOLDER = "[secret]";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `--show-secrets` exports hold a secret's value JSON-encoded in `plaintext`. */
function parsedPlaintext(plaintext: unknown): unknown {
    if (typeof plaintext !== "string") return undefined;
    try {
        return JSON.parse(plaintext);
    } catch {
        return undefined;
    }
}

/** Sets a key read from input as an own property: assigning `__proto__` would replace the prototype instead. */
function define(out: Record<string, JsonValue>, key: string, value: JsonValue): void {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Turns a serialized Pulumi property value (checkpoint or preview JSON) into what the analyzer
 * protocol carries to a policy pack, minus secrets:
 * - secrets (`ciphertext` or `plaintext`) become "[secret]";
 * - resource references become the referenced resource's id (its URN when it has none), as the engine
 *   marshals them for a plugin that does not accept resource references;
 * - output values become their value (unknown when they have none; "[secret]" when secret);
 * - integers become numbers; assets and archives stay, when @pulumi/policy can read them back;
 * - the unknown sentinel of a preview stays, so unknowns reach the model as unknowns.
 */
export function toAnalyzerValue(value: unknown): JsonValue {
    if (value === null || value === undefined) return null;
    if (typeof value === "boolean" || typeof value === "string") return value;
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    if (Array.isArray(value)) return value.map(toAnalyzerValue);
    if (!isRecord(value)) return null;
    const sig = value[SIG_KEY];
    if (sig === undefined) {
        const out: Record<string, JsonValue> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) define(out, k, toAnalyzerValue(v));
        return out;
    }
    switch (sig) {
        case SECRET_SIG:
            // The value never goes further; remembered so that a copy of it elsewhere is masked too.
            redactor.addValue([value.plaintext, value.ciphertext, value.value, parsedPlaintext(value.plaintext)]);
            return SECRET_PLACEHOLDER;
        case RESOURCE_REFERENCE_SIG: {
            const id = value.id;
            if (typeof id === "string" && id !== "") return id;
            return typeof value.urn === "string" ? value.urn : UNKNOWN_VALUE;
        }
        case OUTPUT_VALUE_SIG:
            if (value.secret === true) return SECRET_PLACEHOLDER;
            return "value" in value ? toAnalyzerValue(value.value) : UNKNOWN_VALUE;
        case INTEGER_SIG: {
            const n = typeof value.value === "string" ? Number(value.value) : value.value;
            return typeof n === "number" && Number.isFinite(n) ? n : null;
        }
        case ASSET_SIG:
        case ARCHIVE_SIG: {
            const readable = sig === ASSET_SIG ? ["path", "text", "uri"] : ["path", "uri", "assets"];
            const copy: Record<string, JsonValue> = {};
            for (const [k, v] of Object.entries(value)) if (v !== undefined) define(copy, k, k === SIG_KEY ? (v as string) : toAnalyzerValue(v));
            // @pulumi/policy cannot rebuild a hash-only asset; hand it over as plain data instead.
            if (!readable.some((k) => value[k])) delete copy[SIG_KEY];
            return copy;
        }
        default:
            return `[value with unsupported signature ${String(sig).slice(0, 40)}]`;
    }
}

export function toAnalyzerProperties(map: Record<string, unknown> | undefined | null): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(map ?? {})) if (v !== undefined) define(out, k, toAnalyzerValue(v));
    return out;
}
