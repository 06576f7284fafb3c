/** Building blocks for GitHub-flavored Markdown that stays valid whatever text resource names and messages carry. */

/** Plain text: Markdown punctuation, HTML and line breaks neutralized. Safe in paragraphs and table cells. */
export function text(s: string): string {
    return s
        .replace(/\r?\n/g, " ")
        .replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`)
        .replace(/&/g, "&amp;");
}

/** Inline code whose fence is longer than any backtick run inside. Not for table cells: use `cellCode`. */
export function code(s: string): string {
    const flat = s.replace(/\r?\n/g, " ");
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
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
    return [line(headers), `|${headers.map(() => " --- ").join("|")}|`, ...rows.map(line)];
}

/** A collapsible block. Blank lines around the body let GitHub render the Markdown inside it. */
export function details(summary: string, body: string[], open = false): string[] {
    return [`<details${open ? " open" : ""}>`, `<summary>${summary}</summary>`, "", ...body, "", "</details>"];
}

/** The body as is when short, else collapsed under `summary`. */
export function collapsible(summary: string, body: string[], rows: number, limit: number): string[] {
    return rows > limit ? details(summary, body) : body;
}

export function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}
