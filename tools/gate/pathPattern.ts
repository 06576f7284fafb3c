/**
 * The path patterns of a CODEOWNERS file (gitignore rules, as GitHub reads them), compiled to a test on
 * repository-relative paths (`tools/preview/cli.ts`, no leading slash). One matcher serves CODEOWNERS and the
 * list of protected paths, so both mean the same files.
 *
 * - A leading `/`, or a `/` in the middle, anchors the pattern at the repository root; otherwise it matches at any depth.
 * - A trailing `/` matches a directory and everything below it; a pattern naming a directory matches below it too,
 *   unless its last segment has a wildcard (`docs/*` owns the files in `docs/`, not those in `docs/guides/`).
 * - `*` matches within one path segment, `?` one character of a segment, `**` any number of segments.
 * - What CODEOWNERS does not support (`!` negation, `[...]` ranges, `\` escapes) is refused, never guessed.
 */

export class PatternError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PatternError";
    }
}

export interface PathPattern {
    readonly source: string;
    matches(path: string): boolean;
}

function segmentRegExp(glob: string): string {
    let out = "";
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i]!;
        if (c === "*" && glob[i + 1] === "*") {
            // `**/` matches zero or more directories; a trailing `**` everything below.
            const slash = glob[i + 2] === "/";
            out += slash ? "(?:.*/)?" : ".*";
            i += slash ? 2 : 1;
        } else if (c === "*") out += "[^/]*";
        else if (c === "?") out += "[^/]";
        else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    return out;
}

export function compilePattern(source: string): PathPattern {
    const pattern = source.trim();
    if (pattern === "") throw new PatternError("an empty pattern");
    if (/^!|[[\]\\]/.test(pattern)) throw new PatternError(`'${source}': negation, character ranges and escapes are not supported in CODEOWNERS`);
    const directoryOnly = pattern.endsWith("/");
    const body = pattern.replace(/^\//, "").replace(/\/$/, "");
    if (body === "") throw new PatternError(`'${source}' names no path`);
    const anchored = pattern.startsWith("/") || body.includes("/");
    const prefix = anchored ? "^" : "^(?:.*/)?";
    // A file pattern also matches a directory of that name and everything in it; a directory pattern only what is
    // below it; a last segment with a wildcard only the names it matches (GitHub's reading of `docs/*`).
    const last = body.slice(body.lastIndexOf("/") + 1);
    const suffix = directoryOnly ? "/.*$" : /\*|\?/.test(last) && last !== "**" ? "$" : "(?:/.*)?$";
    // `s`: a file name may hold a line break (git allows it), and `.` must still match it.
    const re = new RegExp(`${prefix}${segmentRegExp(body)}${suffix}`, "s");
    return { source, matches: (path: string) => re.test(path) };
}
