/**
 * Pulumi project and stack files read into the values the CLI reads from them. The CLI decodes YAML with Go's
 * yaml.v3 and JSON with encoding/json (pulumi/pulumi `sdk/go/common/encoding`), then hands config values to the
 * program as text (`sdk/go/common/resource/config/object.go`, `MarshalString`). The same file must give the
 * program the same strings here, so:
 * - a UTF-8 byte-order mark is dropped (`readFileStripUTF8BOM`);
 * - YAML merge keys (`<<`) and anchors are honoured, a key twice in one mapping is an error, and a mapping key
 *   must be a string (`SimplifyMarshalledValue`);
 * - a plain (unquoted, untagged) YAML scalar resolves as yaml.v3 resolves it (`resolve.go`): `0777` is octal,
 *   `1_000` is 1000, `0b101` is 5, `08` is the float 8, `yes` is a string, a timestamp stays a string;
 * - integers are kept exact (as bigint), floats as numbers;
 * - JSON refuses a key twice in one object (encoding/json would keep the last silently).
 */
import * as fs from "fs";
import YAML, { isPair, isScalar, Scalar } from "yaml";
import { parseStrictJson } from "../analyzer/strictJson";
import { UserInputError } from "../errors";

/** A value as the CLI decodes it: integers exact (bigint), floats as numbers. */
export type MarkupValue = null | boolean | bigint | number | string | MarkupValue[] | { [key: string]: MarkupValue };

export type MarkupFormat = "yaml" | "json";

export function formatOf(file: string): MarkupFormat {
    return file.endsWith(".json") ? "json" : "yaml";
}

/** Reads a project or stack file; `undefined` for an empty YAML document. */
export function readMarkupFile(file: string): MarkupValue | undefined {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UserInputError(`cannot read ${file}: ${(e as Error).message}`);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return formatOf(file) === "json" ? fromJson(parseStrictJson(text, file)) : parseYaml(text, file);
}

function fromJson(v: unknown): MarkupValue {
    if (Array.isArray(v)) return v.map(fromJson);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJson(x)]));
    return v as MarkupValue;
}

function parseYaml(text: string, file: string): MarkupValue | undefined {
    const doc = YAML.parseDocument(text, {
        merge: true,
        intAsBigInt: true,
        prettyErrors: true,
        // yaml.v3 refuses the same key text (with the same tag) twice in a mapping.
        uniqueKeys: (a, b) => isScalar(a) && isScalar(b) && sourceOf(a) === sourceOf(b) && a.tag === b.tag,
    });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw new UserInputError(`${file} is not YAML the Pulumi CLI reads: ${problem.message.split("\n")[0]}`);
    YAML.visit(doc, {
        Scalar(_, node) {
            if (node.type === Scalar.PLAIN && node.tag === undefined && typeof node.value !== "symbol") node.value = resolvePlain(sourceOf(node));
        },
    });
    YAML.visit(doc, {
        Pair(_, pair) {
            if (!isPair(pair)) return;
            const key = pair.key;
            if (isScalar(key) && (typeof key.value === "string" || typeof key.value === "symbol")) return;
            const shown = isScalar(key) ? String(key.value) : String(key);
            throw new UserInputError(`${file}: mapping key '${shown}' is not a string; the Pulumi CLI reads only string keys`);
        },
    });
    if (doc.contents === null) return undefined;
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    return checkFinite(value as MarkupValue, file);
}

function sourceOf(node: Scalar): string {
    return (node as Scalar & { source?: string }).source ?? String(node.value);
}

/** `.inf` and `.nan` decode, but the CLI cannot turn them into config text (encoding/json refuses them). */
function checkFinite(v: MarkupValue, file: string): MarkupValue {
    if (typeof v === "number" && !Number.isFinite(v)) throw new UserInputError(`${file}: ${v} is not a value the Pulumi CLI can pass to a program`);
    if (Array.isArray(v)) v.forEach((x) => checkFinite(x, file));
    else if (v !== null && typeof v === "object") Object.values(v).forEach((x) => checkFinite(x, file));
    return v;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const WORDS: Record<string, MarkupValue> = {
    true: true,
    True: true,
    TRUE: true,
    false: false,
    False: false,
    FALSE: false,
    "": null,
    "~": null,
    null: null,
    Null: null,
    NULL: null,
    ".nan": NaN,
    ".NaN": NaN,
    ".NAN": NaN,
    ".inf": Infinity,
    ".Inf": Infinity,
    ".INF": Infinity,
    "+.inf": Infinity,
    "+.Inf": Infinity,
    "+.INF": Infinity,
    "-.inf": -Infinity,
    "-.Inf": -Infinity,
    "-.INF": -Infinity,
};

/** Go's `strconv.ParseInt(s, 0, 64)` / `ParseUint`: sign, then a 0x, 0o, 0b or (octal) 0 prefix, or decimal. */
function goParseInt(s: string, unsigned: boolean): bigint | undefined {
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
    if (!m || (unsigned && m[1] !== "")) return undefined;
    const digits = m[2];
    const body = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits.toLowerCase();
    const magnitude = BigInt(body);
    const value = m[1] === "-" ? -magnitude : magnitude;
    if (unsigned) return value <= UINT64_MAX ? value : undefined;
    return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

/** What yaml.v3 decodes a plain scalar into, for a value of type `any` (resolve.go). */
export function resolvePlain(text: string): MarkupValue {
    if (Object.prototype.hasOwnProperty.call(WORDS, text)) return WORDS[text];
    const first = text[0];
    if (first === ".") return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : text;
    if (!/[-+0-9]/.test(first)) return text;
    const plain = text.replace(/_/g, "");
    const int = goParseInt(plain, false) ?? goParseInt(plain, true);
    if (int !== undefined) return int;
    if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
    return text;
}

/**
 * Go's `json.Marshal` of a decoded value: object keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped, integers
 * exact. The text the CLI gives a program for an object or array config value.
 */
export function goJson(v: MarkupValue): string {
    if (v === null) return "null";
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number") return JSON.stringify(v);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "string") return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${goJson(k)}:${goJson(v[k])}`).join(",")}}`;
}

/** A value for the JSON Go would decode it into (numbers as float64): for type checks of object config values. */
export function isMarkupObject(v: MarkupValue | undefined): v is { [key: string]: MarkupValue } {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}
