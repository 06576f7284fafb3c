import type { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The signature key of a secret value as the engine serializes it (copied so the report need not load the SDK; test/assurance/sdkAdapter.test.ts keeps it equal). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export const REDACTED = "[secret]";

/** Shorter values would mangle ordinary text when masked; the engine's own output masks secrets wholesale. */
const MIN_SECRET_LENGTH = 4;

function leafStrings(value: unknown, out: Set<string>): void {
    if (typeof value === "string") {
        if (value.length >= MIN_SECRET_LENGTH) out.add(value);
    } else if (typeof value === "number" || typeof value === "boolean") {
        const text = String(value);
        if (text.length >= MIN_SECRET_LENGTH) out.add(text);
    } else if (Array.isArray(value)) {
        value.forEach((v) => leafStrings(v, out));
    } else if (value && typeof value === "object") {
        Object.values(value).forEach((v) => leafStrings(v, out));
    }
}

/**
 * Remembers every value the program or its config marked secret and masks it in anything the tools
 * print or write. Policies see secrets unwrapped (CrossGuard hands them plain values), so a policy
 * message may quote one; masking at the output is what keeps it out of logs and reports.
 */
export class SecretRedactor {
    private readonly secrets = new Set<string>();

    addValue(value: unknown): void {
        leafStrings(value, this.secrets);
    }

    /** Collects the secrets in a serialized property bag (values wrapped in the engine's secret envelope). */
    addFromStruct(struct: Struct | undefined): void {
        if (struct) this.walk(struct.toJavaScript());
    }

    private walk(value: unknown): void {
        if (Array.isArray(value)) {
            value.forEach((v) => this.walk(v));
        } else if (value && typeof value === "object") {
            const obj = value as Record<string, unknown>;
            if (obj[SECRET_SIG_KEY] === SECRET_SIG_VALUE) {
                this.addValue(obj.value ?? obj.plaintext ?? obj.ciphertext);
                return;
            }
            Object.values(obj).forEach((v) => this.walk(v));
        }
    }

    /** The values being masked: what a program host hands the parent that prints. */
    values(): string[] {
        return [...this.secrets];
    }

    redact(text: string): string {
        if (this.secrets.size === 0) return text;
        let out = text;
        // Longest first, so a secret containing another is masked whole; JSON-escaped forms too.
        for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) {
            out = out.split(s).join(REDACTED);
            const escaped = JSON.stringify(s).slice(1, -1);
            if (escaped !== s) out = out.split(escaped).join(REDACTED);
        }
        return out;
    }
}

/** The one redactor of this process: one preview, audit or report runs per process. */
export const redactor = new SecretRedactor();
