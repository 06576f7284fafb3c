import { UserInputError } from "../errors";

/**
 * Finds the first key that appears twice in one object of a JSON text. JSON.parse keeps the last value
 * silently, so a config with `"all": "mandatory"` early and `"all": "disabled"` at the end would read as
 * its reviewer did not see it. Call on text JSON.parse accepted.
 */
export function firstDuplicateKey(text: string): { key: string; path: string } | undefined {
    const stack: { keys: Set<string> | undefined; path: string; pendingKey?: string; index: number }[] = [];
    let i = 0;
    let expectKey = false;
    while (i < text.length) {
        const c = text[i];
        if (c === '"') {
            let j = i + 1;
            while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
            const value = JSON.parse(text.slice(i, j + 1)) as string;
            const top = stack[stack.length - 1];
            if (expectKey && top?.keys) {
                const where = top.path.replace(/^\./, "") || "top level";
                if (top.keys.has(value)) return { key: value, path: where };
                top.keys.add(value);
                top.pendingKey = value;
                expectKey = false;
            }
            i = j + 1;
            continue;
        }
        const top = stack[stack.length - 1];
        const childPath = () => (top ? `${top.path}${top.keys ? `.${top.pendingKey}` : `[${top.index}]`}` : "");
        if (c === "{") {
            stack.push({ keys: new Set(), path: childPath(), index: 0 });
            expectKey = true;
        } else if (c === "[") {
            stack.push({ keys: undefined, path: childPath(), index: 0 });
        } else if (c === "}" || c === "]") {
            stack.pop();
        } else if (c === ",") {
            if (top?.keys) expectKey = true;
            else if (top) top.index++;
        }
        i++;
    }
    return undefined;
}

/** JSON.parse, refusing a duplicate key: a `UserInputError` naming it. */
export function parseStrictJson(text: string, what: string): unknown {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new UserInputError(`${what} is not valid JSON: ${(e as Error).message}`);
    }
    const duplicate = firstDuplicateKey(text);
    if (duplicate) {
        throw new UserInputError(`${what}: key '${duplicate.key}' appears twice (in ${duplicate.path}); a JSON object may name each key once`);
    }
    return parsed;
}
