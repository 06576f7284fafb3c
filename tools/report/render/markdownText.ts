/**
 * The one escaping layer for GitHub-flavored Markdown. Every string that comes from a program, a config
 * or an input file goes through `text`, `code` or `cellCode`; whatever it carries stays inert text.
 */

/** Every line-break form a Markdown renderer (or a browser) may honour: CR, LF, CRLF, NEL, U+2028, U+2029. */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029\v\f]/g;
/** Other control characters and the bidirectional overrides that reorder what a reviewer sees. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ZWSP = "\u200b";

/** A control character as visible text, e.g. `\u001b`. */
function visible(c: string): string {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** One line of inert characters: line breaks become spaces, controls become visible escapes. */
export function flatten(s: string): string {
    return s.replace(LINE_BREAKS, " ").replace(CONTROLS, visible).replace(/\t/g, " ");
}

/**
 * Breaks what GFM would turn into a link without brackets: `scheme://`, `www.` and `user@host`
 * (GitHub's extended autolinks). A zero-width space keeps the text readable and unlinked.
 */
function unlink(s: string): string {
    return s
        .replace(/:(?=\/)/g, `:${ZWSP}`)
        .replace(/(www)(?=\.)/gi, `$1${ZWSP}`)
        .replace(/@/g, `${ZWSP}@`);
}

/** Plain text: Markdown punctuation, HTML, autolinks and line breaks neutralized. Safe in paragraphs and table cells. */
export function text(s: string): string {
    return unlink(flatten(s))
        .replace(/[\\`*_[\]<>|~#!$]/g, (c) => `\\${c}`)
        .replace(/^([-+=:])/, "\\$1")
        .replace(/^(\d+)([.)])/, "$1\\$2")
        .replace(/&/g, "&amp;");
}

/** Any value of an input (a date, a count, a level: strings in a hostile file) as plain text. */
export function t(v: unknown): string {
    return text(String(v));
}

/** Inline code whose fence is longer than any backtick run inside. Not for table cells: use `cellCode`. */
export function code(s: string): string {
    const flat = flatten(s);
    let longest = 0;
    for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
    const fence = "`".repeat(longest + 1);
    const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
    return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Inline code inside a table cell: GFM splits cells on `|` before reading code spans, so escape it. */
export function cellCode(s: string): string {
    return code(s).replace(/\|/g, "\\|");
}

/** A GFM table: one header row, a delimiter row, and one row per entry, every cell already escaped. */
export function table(headers: string[], rows: string[][]): string[] {
    const line = (cells: string[]) => `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
    const out = [line(headers), `|${headers.map(() => " --- ").join("|")}|`];
    for (const row of rows) out.push(line(row));
    return out;
}

/** A collapsible block. Blank lines around the body let GitHub render the Markdown inside it. */
export function details(summary: string, body: string[], open = false): string[] {
    const out = [`<details${open ? " open" : ""}>`, `<summary>${summary}</summary>`, ""];
    for (const line of body) out.push(line);
    out.push("", "</details>");
    return out;
}

/** The body as is when short, else collapsed under `summary`. */
export function collapsible(summary: string, body: string[], rows: number, limit: number): string[] {
    return rows > limit ? details(summary, body) : body;
}

/** Appends `lines` (any number: no spread into a call) and then `more`. */
export function append(out: string[], lines: string[], ...more: string[]): void {
    for (const l of lines) out.push(l);
    for (const l of more) out.push(l);
}

export function plural(n: number, one: string, many = `${one}s`): string {
    return `${t(n)} ${n === 1 ? one : many}`;
}
