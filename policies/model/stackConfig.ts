import { DATA_CLASSES, DataClass, isDataClass } from "./dataClass";

/**
 * The stack config key that declares a stack's data class: the class of every resource that carries no label
 * of its own. It can only raise: a resource's own label or what it takes data from can make it stricter,
 * nothing makes it less strict (labels.ts). OCI has no provider-level default tags, so without it no existing
 * OCI program could be labelled without editing its code.
 */
export const DEFAULT_DATA_CLASS_KEY = "residency:defaultDataClass";

export type StackDefaultClass = { kind: "none" } | { kind: "known"; value: DataClass } | { kind: "invalid"; reason: string };

const NONE: StackDefaultClass = Object.freeze({ kind: "none" });

/** What the stack config (`namespace:key` to string, as the engine sends it) declares; an invalid value decides nothing. */
export function stackDefaultClassOf(config: Readonly<Record<string, string | undefined>>): StackDefaultClass {
    if (!Object.prototype.hasOwnProperty.call(config, DEFAULT_DATA_CLASS_KEY)) return NONE;
    const value = config[DEFAULT_DATA_CLASS_KEY];
    if (isDataClass(value)) return { kind: "known", value };
    const shown = typeof value === "string" ? `'${value.slice(0, 64)}'` : typeof value;
    return { kind: "invalid", reason: `stack config '${DEFAULT_DATA_CLASS_KEY}' is ${shown}; allowed: ${DATA_CLASSES.join(", ")}` };
}

// The engine's config reaches a policy pack's process in PULUMI_CONFIG (JSON of `namespace:key` to string): the
// CLI sets it for local and published packs alike (analyzer_plugin.go constructEnv; the Node.js language host's
// policy proxy after ConfigureStack). @pulumi/policy 1.21 drops the config ConfigureStack carries, so this is
// where a pack reads it, as `new pulumi.Config()` would. Parsed once per text.
let last: { text: string | undefined; value: StackDefaultClass } | undefined;

/** The stack's declared default class, from the stack config the engine gave this process. */
export function stackDefaultClass(env: NodeJS.ProcessEnv = process.env): StackDefaultClass {
    const text = env.PULUMI_CONFIG;
    if (last && last.text === text) return last.value;
    let value: StackDefaultClass = NONE;
    if (text !== undefined && text !== "") {
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            parsed = undefined;
        }
        value =
            typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
                ? stackDefaultClassOf(parsed as Record<string, string>)
                : { kind: "invalid", reason: "the stack config this process was given (PULUMI_CONFIG) is not a JSON object" };
    }
    last = { text, value };
    return value;
}

/** The class a valid declaration sets; nothing for none or an invalid one (residency-config-valid reports that). */
export function declaredDefault(d: StackDefaultClass): DataClass | undefined {
    return d.kind === "known" ? d.value : undefined;
}
