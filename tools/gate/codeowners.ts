/**
 * Reads a CODEOWNERS file as GitHub does: one rule per line (`<pattern> <owner>...`), `#` comments, and the last
 * matching rule decides a file's owners. A rule with no owners leaves the file without required owners.
 */
import { compilePattern, type PathPattern, PatternError } from "./pathPattern";

export interface CodeownersRule {
    readonly line: number;
    readonly pattern: PathPattern;
    readonly owners: readonly string[];
}

const OWNER = /^(@[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?|[^@\s]+@[^@\s]+)$/;

/** Parses CODEOWNERS text; throws naming the line for a pattern or owner GitHub would not accept. */
export function parseCodeowners(text: string): CodeownersRule[] {
    const rules: CodeownersRule[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.replace(/(^|\s)#.*$/, "").trim();
        if (line === "") return;
        const [pattern, ...owners] = line.split(/\s+/);
        try {
            for (const owner of owners) if (!OWNER.test(owner)) throw new PatternError(`'${owner}' is not a user, team or e-mail address`);
            rules.push({ line: i + 1, pattern: compilePattern(pattern!), owners });
        } catch (e) {
            if (e instanceof PatternError) throw new PatternError(`CODEOWNERS line ${i + 1}: ${e.message}`);
            throw e;
        }
    });
    return rules;
}

/** The rule that decides `file`'s owners (the last one that matches), or undefined. */
export function ruleFor(rules: readonly CodeownersRule[], file: string): CodeownersRule | undefined {
    for (let i = rules.length - 1; i >= 0; i--) if (rules[i]!.pattern.matches(file)) return rules[i];
    return undefined;
}

/** The required owners of `file`: none when no rule matches or the deciding rule names none. */
export function ownersOf(rules: readonly CodeownersRule[], file: string): readonly string[] {
    return ruleFor(rules, file)?.owners ?? [];
}
