import type { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The signature key of a secret value as the engine serializes it (copied so the report need not load the SDK; test/assurance/sdkAdapter.test.ts keeps it equal). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export const REDACTED = "[secret]";

/** Below this length a secret is masked only where it stands alone (a whole value, or quoted): "us" is in every word. */
const MIN_SUBSTRING_LENGTH = 4;
/** How many of a secret's first characters are searched for; a hit is then extended as far as it matches. */
const PREFIX_LENGTH = 12;
/**
 * A match of a secret's first characters at least this long is masked even when the rest is missing:
 * policy messages quote values cut short (`.slice(0, 40)`, 64 or 120), and a cut secret is still a secret.
 */
const CUT_SECRET_LENGTH = 32;

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function leafStrings(value: unknown, out: Set<string>, depth = 0): void {
    if (depth > 512) return;
    if (typeof value === "string") {
        if (value.length > 0 && value !== REDACTED) out.add(value);
    } else if (typeof value === "number" || typeof value === "boolean") {
        out.add(String(value));
    } else if (Array.isArray(value)) {
        for (const v of value) leafStrings(v, out, depth + 1);
    } else if (value && typeof value === "object") {
        for (const v of Object.values(value)) leafStrings(v, out, depth + 1);
    }
}

interface Pattern {
    /** The secret as it may appear: itself, JSON-escaped, or with its line breaks flattened. */
    form: string;
    head: RegExp;
}

/**
 * Knows every value the program, its config or an input marked secret, and masks it as a value, before
 * any message is cut, escaped or re-cased by a renderer: `mask` replaces secrets in a whole document
 * (every string, keys included), `redact` in one text. Policies see secrets unwrapped (CrossGuard hands
 * them plain values), so a policy message may quote one, whole or cut short; both are masked.
 */
export class SecretRedactor {
    private readonly secrets = new Set<string>();
    private patterns: Pattern[] | undefined;
    private short: string[] = [];
    /** Matches wherever any secret might be: most texts hold none, and are returned at once. */
    private any = /$^/;

    addValue(value: unknown): void {
        const before = this.secrets.size;
        leafStrings(value, this.secrets);
        if (this.secrets.size !== before) this.patterns = undefined;
    }

    /** Collects the secrets in a serialized property bag (values wrapped in the engine's secret envelope). */
    addFromStruct(struct: Struct | undefined): void {
        if (struct) this.walk(struct.toJavaScript(), 0);
    }

    get size(): number {
        return this.secrets.size;
    }

    private walk(value: unknown, depth: number): void {
        if (depth > 512) return;
        if (Array.isArray(value)) {
            for (const v of value) this.walk(v, depth + 1);
        } else if (value && typeof value === "object") {
            const obj = value as Record<string, unknown>;
            if (obj[SECRET_SIG_KEY] === SECRET_SIG_VALUE) {
                this.addValue(obj.value ?? obj.plaintext ?? obj.ciphertext);
                return;
            }
            for (const v of Object.values(obj)) this.walk(v, depth + 1);
        }
    }

    /** The values being masked: what a program host hands the parent that prints. */
    values(): string[] {
        return [...this.secrets];
    }

    private compile(): Pattern[] {
        if (this.patterns) return this.patterns;
        const forms = new Set<string>();
        const short = new Set<string>();
        for (const s of this.secrets) {
            if (s.length < MIN_SUBSTRING_LENGTH) {
                short.add(s);
                continue;
            }
            forms.add(s);
            forms.add(JSON.stringify(s).slice(1, -1));
            forms.add(s.replace(/\r\n|[\r\n\u2028\u2029]/g, " "));
            for (const line of s.split(/\r\n|[\r\n\u2028\u2029]/)) if (line.length >= MIN_SUBSTRING_LENGTH) forms.add(line);
        }
        // Longest first, so a secret containing another is masked whole.
        this.patterns = [...forms]
            .sort((a, b) => b.length - a.length)
            .map((form) => ({ form, head: new RegExp(escapeRegExp(form.slice(0, Math.min(form.length, PREFIX_LENGTH))), "gi") }));
        this.short = [...short];
        const alternatives = [...this.patterns.map((p) => p.head.source), ...this.short.map((x) => `(['"\`])${escapeRegExp(x)}['"\`]`)];
        this.any = new RegExp(alternatives.join("|"), "i");
        return this.patterns;
    }

    /** `text` with every known secret (whole, cut short, JSON-escaped, flattened, in any case) replaced by "[secret]". */
    redact(text: string): string {
        if (this.secrets.size === 0 || text === "") return text;
        const patterns = this.compile();
        if (this.secrets.has(text)) return REDACTED;
        if (!this.any.test(text)) return text;
        let out = text;
        for (const p of patterns) {
            if (out.length < Math.min(p.form.length, PREFIX_LENGTH)) continue;
            p.head.lastIndex = 0;
            let result = "";
            let from = 0;
            for (let m = p.head.exec(out); m; m = p.head.exec(out)) {
                let end = m.index + m[0].length;
                let j = m[0].length;
                while (end < out.length && j < p.form.length && out[end].toLowerCase() === p.form[j].toLowerCase()) {
                    end++;
                    j++;
                }
                if (j < Math.min(p.form.length, CUT_SECRET_LENGTH)) {
                    p.head.lastIndex = m.index + 1;
                    continue;
                }
                result += out.slice(from, m.index) + REDACTED;
                from = end;
                p.head.lastIndex = end;
            }
            if (from > 0) out = result + out.slice(from);
        }
        for (const s of this.short) {
            for (const q of ["'", '"', "`"]) out = out.split(`${q}${s}${q}`).join(`${q}${REDACTED}${q}`);
        }
        return out;
    }

    /**
     * A copy of `value` with every string (and every key) redacted. Keys are defined, never assigned,
     * so a key such as `__proto__` stays a plain key.
     */
    mask<T>(value: T): T {
        if (this.secrets.size === 0) return value;
        return this.maskValue(value, 0) as T;
    }

    private maskValue(value: unknown, depth: number): unknown {
        if (typeof value === "string") return this.redact(value);
        if (depth > 512 || value === null || typeof value !== "object") return value;
        if (Array.isArray(value)) return value.map((v) => this.maskValue(v, depth + 1));
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            Object.defineProperty(out, this.redact(k), { value: this.maskValue(v, depth + 1), enumerable: true, writable: true, configurable: true });
        }
        return out;
    }
}

/** The one redactor of this process: one preview, audit or report runs per process. */
export const redactor = new SecretRedactor();
