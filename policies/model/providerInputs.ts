/**
 * A provider input as the program set it. The engine sends provider inputs stringified when they are not
 * strings (`endpoints`, `defaultTags`, `allowedAccountIds` arrive as JSON text); a plain string stays as it is.
 */
export function providerInputValue(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}
