/**
 * A bounded reader of the type declarations that Pulumi's SDK generators emit (`readonly foo: pulumi.Output<T>;`,
 * `foo?: outputs.s3.X[];`). The text comes from the program's `node_modules`, which a pull request controls, and is
 * read in the trusted parent: one pass over the characters, recursion capped, no regular expressions, and anything it
 * does not understand becomes an opaque type (an unknown value), never an exception to the caller.
 */

/** A declared type, as far as the value generator needs it. */
export type TypeExpr =
    | { kind: "string" }
    | { kind: "number" }
    | { kind: "boolean" }
    | { kind: "literal"; value: string | number | boolean }
    /** `undefined`, `null`, `void`: the member of `T | undefined` that carries no value. */
    | { kind: "absent" }
    | { kind: "array"; element: TypeExpr }
    /** `{ [key: string]: T }`, `Record<string, T>`. */
    | { kind: "map"; value: TypeExpr }
    | { kind: "object"; fields: Field[] }
    /** A declared interface in another file, e.g. `outputs.s3.BucketCorsRule`: `file` is that file, `path` the names. */
    | { kind: "ref"; file: string; path: string[] }
    | { kind: "union"; members: TypeExpr[] }
    /** `any`, assets, resource classes, enums, intersections, what this reader does not model: its value is unknown. */
    | { kind: "opaque"; text: string };

export interface Field {
    name: string;
    optional: boolean;
    type: TypeExpr;
}

export interface ParseLimits {
    /** Tokens in one declaration block (a class or interface body). */
    maxTokens: number;
    /** Nesting of one type expression. */
    maxDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxTokens: 400_000, maxDepth: 32 };

type TokenKind = "id" | "str" | "num" | "punct";

interface Tokens {
    kinds: TokenKind[];
    values: string[];
}

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** True for a plain identifier: what a property, namespace or interface name may be in generated code. */
export function isIdentifier(text: string): boolean {
    if (text.length === 0 || text.length > 256 || !isIdentStart(text.charCodeAt(0))) return false;
    for (let i = 1; i < text.length; i++) if (!isIdentPart(text.charCodeAt(i))) return false;
    return true;
}

/**
 * Splits `text[start, end)` into tokens, skipping whitespace and comments, in one pass. Returns undefined past
 * `maxTokens`. An unterminated comment or string ends the text (what follows is not read as code).
 */
export function tokenize(text: string, start: number, end: number, maxTokens: number): Tokens | undefined {
    const kinds: TokenKind[] = [];
    const values: string[] = [];
    let i = start;
    while (i < end) {
        const c = text.charCodeAt(i);
        if (isSpace(c)) {
            i++;
            continue;
        }
        if (c === 47 /* / */ && i + 1 < end) {
            const next = text.charCodeAt(i + 1);
            if (next === 42 /* * */) {
                const close = text.indexOf("*/", i + 2);
                i = close < 0 || close >= end ? end : close + 2;
                continue;
            }
            if (next === 47) {
                const nl = text.indexOf("\n", i + 2);
                i = nl < 0 || nl >= end ? end : nl + 1;
                continue;
            }
        }
        if (kinds.length >= maxTokens) return undefined;
        if (isIdentStart(c)) {
            let j = i + 1;
            while (j < end && isIdentPart(text.charCodeAt(j))) j++;
            kinds.push("id");
            values.push(text.slice(i, j));
            i = j;
        } else if (isDigit(c)) {
            let j = i + 1;
            while (j < end && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
            kinds.push("num");
            values.push(text.slice(i, j));
            i = j;
        } else if (c === 34 || c === 39 /* " ' */) {
            let j = i + 1;
            let value = "";
            let from = j;
            while (j < end && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 10) {
                if (text.charCodeAt(j) === 92 /* \ */) {
                    value += text.slice(from, j);
                    j++;
                    from = j;
                }
                j++;
            }
            if (j >= end || text.charCodeAt(j) !== c) return { kinds, values };
            value += text.slice(from, j);
            kinds.push("str");
            values.push(value);
            i = j + 1;
        } else if (c === 61 /* = */ && i + 1 < end && text.charCodeAt(i + 1) === 62) {
            kinds.push("punct");
            values.push("=>");
            i += 2;
        } else {
            kinds.push("punct");
            values.push(text[i]);
            i++;
        }
    }
    return { kinds, values };
}

class ParseError extends Error {}

const OPENERS: Record<string, string> = { "{": "}", "(": ")", "[": "]", "<": ">" };

/**
 * Parses the members of one declaration body (an interface or a class). `aliases` maps the module aliases the file
 * imports (`outputs`) to the files they name, so that `outputs.s3.X` becomes a reference to that file.
 */
class MemberParser {
    private pos = 0;
    private end = 0;
    private readonly kinds: TokenKind[];
    private readonly values: string[];

    constructor(
        tokens: Tokens,
        private readonly aliases: ReadonlyMap<string, string>,
        private readonly maxDepth: number,
    ) {
        this.kinds = tokens.kinds;
        this.values = tokens.values;
    }

    /** Every member: `[start, end)` token ranges split at `;` or `,` outside brackets, one pass. */
    private memberRanges(): [number, number][] {
        const ranges: [number, number][] = [];
        const stack: string[] = [];
        // Brackets deeper than the parser goes are counted, not kept: the member is opaque anyway.
        let overflow = 0;
        let start = 0;
        for (let i = 0; i < this.values.length; i++) {
            if (this.kinds[i] !== "punct") continue;
            const v = this.values[i];
            if (OPENERS[v] !== undefined) {
                if (stack.length >= this.maxDepth * 4) overflow++;
                else stack.push(OPENERS[v]);
            } else if (overflow > 0 && (v === "}" || v === ")" || v === "]" || v === ">")) {
                overflow--;
            } else if (stack.length > 0 && v === stack[stack.length - 1]) {
                stack.pop();
            } else if (stack.length === 0 && (v === ";" || v === ",")) {
                if (i > start) ranges.push([start, i]);
                start = i + 1;
            }
        }
        if (this.values.length > start) ranges.push([start, this.values.length]);
        return ranges;
    }

    /** Interface members (`name?: T`) or class members (`readonly name: pulumi.Output<T>`); others are left out. */
    members(classBody: boolean): Field[] {
        const fields: Field[] = [];
        for (const [start, end] of this.memberRanges()) {
            this.pos = start;
            this.end = end;
            const field = this.member(classBody);
            if (field) fields.push(field);
        }
        return fields;
    }

    private member(classBody: boolean): Field | undefined {
        let sawStatic = false;
        while (this.peekKind() === "id" && ["readonly", "public", "declare", "static", "private", "protected"].includes(this.peek())) {
            const word = this.next();
            if (word === "static" || word === "private" || word === "protected") sawStatic = true;
            // `readonly: string` is a property called readonly.
            if (this.peek() === ":" || this.peek() === "?") {
                this.pos--;
                break;
            }
        }
        if (sawStatic || (this.peekKind() !== "id" && this.peekKind() !== "str")) return undefined;
        const name = this.next();
        if (name === "constructor" && classBody) return undefined;
        let optional = false;
        if (this.peek() === "?") {
            this.pos++;
            optional = true;
        }
        if (this.peek() !== ":") return undefined; // a method, an index signature or a call signature
        this.pos++;
        // Only `pulumi.Output<T>` members of a class are the resource's outputs; plain members are set by the class.
        if (classBody && !this.skipOutputWrapper()) return undefined;
        let type: TypeExpr;
        try {
            type = this.type(0);
            if (classBody) this.expect(">");
            if (this.pos !== this.end) throw new ParseError("trailing tokens");
        } catch (e) {
            if (!(e instanceof ParseError)) throw e;
            type = { kind: "opaque", text: "unparsed" };
        }
        return { name, optional, type };
    }

    /** Consumes `pulumi.Output<` (or `Output<`); false when the member's type is something else. */
    private skipOutputWrapper(): boolean {
        const v = this.values;
        const p = this.pos;
        if (v[p] === "pulumi" && v[p + 1] === "." && v[p + 2] === "Output" && v[p + 3] === "<" && p + 3 < this.end) {
            this.pos += 4;
            return true;
        }
        if (v[p] === "Output" && v[p + 1] === "<" && p + 1 < this.end) {
            this.pos += 2;
            return true;
        }
        return false;
    }

    private peek(): string {
        return this.pos < this.end ? this.values[this.pos] : "";
    }

    private peekKind(): TokenKind | "" {
        return this.pos < this.end ? this.kinds[this.pos] : "";
    }

    private next(): string {
        if (this.pos >= this.end) throw new ParseError("unexpected end");
        return this.values[this.pos++];
    }

    private expect(value: string): void {
        if (this.next() !== value) throw new ParseError(`expected ${value}`);
    }

    private type(depth: number): TypeExpr {
        if (depth > this.maxDepth) throw new ParseError("too deep");
        if (this.peek() === "|") this.pos++;
        const members = [this.postfix(depth)];
        while (this.peek() === "|") {
            this.pos++;
            members.push(this.postfix(depth));
        }
        if (this.peek() === "&") throw new ParseError("intersection");
        return members.length === 1 ? members[0] : { kind: "union", members };
    }

    private postfix(depth: number): TypeExpr {
        let t = this.primary(depth);
        while (this.peek() === "[" && this.pos + 1 < this.end && this.values[this.pos + 1] === "]") {
            this.pos += 2;
            t = { kind: "array", element: t };
        }
        return t;
    }

    private primary(depth: number): TypeExpr {
        if (depth > this.maxDepth) throw new ParseError("too deep");
        const kind = this.peekKind();
        const tok = this.next();
        if (kind === "str") return { kind: "literal", value: tok };
        if (kind === "num") return { kind: "literal", value: Number(tok) };
        if (kind === "punct") {
            if (tok === "(") {
                const inner = this.type(depth + 1);
                this.expect(")");
                return inner;
            }
            if (tok === "{") return this.objectLiteral(depth + 1);
            if (tok === "-" && this.peekKind() === "num") return { kind: "literal", value: -Number(this.next()) };
            throw new ParseError(`unexpected '${tok}'`);
        }
        switch (tok) {
            case "string":
                return { kind: "string" };
            case "number":
                return { kind: "number" };
            case "boolean":
                return { kind: "boolean" };
            case "true":
            case "false":
                return { kind: "literal", value: tok === "true" };
            case "undefined":
            case "null":
            case "void":
                return { kind: "absent" };
            case "any":
            case "unknown":
            case "object":
            case "never":
                return { kind: "opaque", text: tok };
            case "typeof":
            case "keyof":
                throw new ParseError(tok);
        }
        const names = [tok];
        while (this.peek() === ".") {
            this.pos++;
            if (this.peekKind() !== "id") throw new ParseError("qualified name");
            names.push(this.next());
        }
        const args: TypeExpr[] = [];
        if (this.peek() === "<") {
            this.pos++;
            args.push(this.type(depth + 1));
            while (this.peek() === ",") {
                this.pos++;
                args.push(this.type(depth + 1));
            }
            this.expect(">");
        }
        return this.named(names, args);
    }

    private named(names: string[], args: TypeExpr[]): TypeExpr {
        const dotted = names.join(".");
        if ((dotted === "pulumi.Output" || dotted === "pulumi.Input" || dotted === "Promise" || dotted === "pulumi.Unwrap") && args.length === 1)
            return args[0];
        if ((dotted === "Array" || dotted === "ReadonlyArray") && args.length === 1) return { kind: "array", element: args[0] };
        if (dotted === "Record" && args.length === 2) return { kind: "map", value: args[1] };
        const file = this.aliases.get(names[0]);
        if (file !== undefined && names.length >= 2 && args.length === 0) return { kind: "ref", file, path: names.slice(1) };
        return { kind: "opaque", text: dotted };
    }

    /** `{ a: T; b?: U }` or `{ [key: string]: T }`. */
    private objectLiteral(depth: number): TypeExpr {
        const fields: Field[] = [];
        let indexValue: TypeExpr | undefined;
        while (this.peek() !== "}") {
            if (this.peek() === "[") {
                this.pos++;
                this.next(); // key name
                this.expect(":");
                this.type(depth + 1);
                this.expect("]");
                this.expect(":");
                indexValue = this.type(depth + 1);
            } else {
                if (this.peek() === "readonly") this.pos++;
                const kind = this.peekKind();
                if (kind !== "id" && kind !== "str") throw new ParseError("member name");
                const name = this.next();
                let optional = false;
                if (this.peek() === "?") {
                    this.pos++;
                    optional = true;
                }
                this.expect(":");
                fields.push({ name, optional, type: this.type(depth + 1) });
            }
            if (this.peek() === ";" || this.peek() === ",") this.pos++;
            else if (this.peek() !== "}") throw new ParseError("member separator");
        }
        this.pos++;
        if (fields.length === 0 && indexValue) return { kind: "map", value: indexValue };
        return { kind: "object", fields };
    }
}

/**
 * The members of one declaration body `text[start, end)`. Undefined when the body is past the limits (a member
 * that cannot be parsed is kept as an opaque type, so one odd member does not lose the others).
 */
export function parseMembers(
    text: string,
    start: number,
    end: number,
    opts: { classBody: boolean; aliases: ReadonlyMap<string, string>; limits?: ParseLimits },
): Field[] | undefined {
    const limits = opts.limits ?? DEFAULT_PARSE_LIMITS;
    const tokens = tokenize(text, start, end, limits.maxTokens);
    if (!tokens) return undefined;
    return new MemberParser(tokens, opts.aliases, limits.maxDepth).members(opts.classBody);
}

/**
 * The module aliases a generated file imports at its top (`import * as outputs from "../types/output";`), as
 * alias → specifier. Only the first `maxLines` lines are read: generated files import first.
 */
export function importAliases(text: string, maxLines = 32): Map<string, string> {
    const aliases = new Map<string, string>();
    let at = 0;
    for (let line = 0; line < maxLines && at < text.length; line++) {
        let nl = text.indexOf("\n", at);
        if (nl < 0) nl = text.length;
        const tokens = tokenize(text, at, nl, 16);
        at = nl + 1;
        if (!tokens || tokens.values[0] !== "import") continue;
        const v = tokens.values;
        // import * as NAME from "SPEC";
        if (v[1] === "*" && v[2] === "as" && tokens.kinds[3] === "id" && v[4] === "from" && tokens.kinds[5] === "str") aliases.set(v[3], v[5]);
    }
    return aliases;
}
