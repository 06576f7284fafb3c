/**
 * Values the SDK sends that only the engine reads: resource references (when the monitor says it supports them,
 * the SDK sends a resource passed as an input as a reference) and output values (inputs of multi-language
 * components). The engine hands the analyzer neither (its marshal options keep unknowns and secrets, not
 * resources or output values): a reference to a custom resource becomes that resource's id (unknown while it has
 * none), a reference to a component its URN, and an output value its value (unknown when it has none), kept secret
 * when it was. This does the same, so the pack and the report see what they would see under the CLI.
 */
import { specialSecretSig, specialSigKey, unknownValue } from "../../sdkAdapter";

export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

const MAX_DEPTH = 256;

/** True when `value` holds a resource reference or an output value anywhere. */
export function hasEngineOnlyValues(value: unknown, depth = 0): boolean {
    if (depth > MAX_DEPTH || value === null || typeof value !== "object") return false;
    if (Array.isArray(value)) return value.some((v) => hasEngineOnlyValues(v, depth + 1));
    const sig = (value as Record<string, unknown>)[specialSigKey];
    if (sig === RESOURCE_REFERENCE_SIG || sig === OUTPUT_VALUE_SIG) return true;
    return Object.values(value).some((v) => hasEngineOnlyValues(v, depth + 1));
}

/** `value` with every resource reference and output value replaced as the engine marshals it for an analyzer. */
export function downgradeForAnalyzer(value: unknown, depth = 0): unknown {
    if (depth > MAX_DEPTH || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => downgradeForAnalyzer(v, depth + 1));
    const record = value as Record<string, unknown>;
    const sig = record[specialSigKey];
    if (sig === RESOURCE_REFERENCE_SIG) {
        if ("id" in record) return typeof record.id === "string" && record.id !== "" ? record.id : unknownValue;
        return typeof record.urn === "string" ? record.urn : unknownValue;
    }
    if (sig === OUTPUT_VALUE_SIG) {
        const inner = "value" in record ? downgradeForAnalyzer(record.value, depth + 1) : unknownValue;
        return record.secret === true ? { [specialSigKey]: specialSecretSig, value: inner } : inner;
    }
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(record)) out[k] = downgradeForAnalyzer(v, depth + 1);
    return out;
}
