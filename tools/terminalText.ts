/**
 * The one escaping layer for terminal and CI-log output. Everything the tools print goes through
 * `terminalLine`: no control character or ANSI escape reaches the terminal raw, no text can start a new
 * line, and no line can carry a GitHub Actions workflow command (`::command::`, after any indentation,
 * or the legacy `##[command]`), which the runner would execute.
 */

const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029\v\f]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** A string from outside, made safe to place inside one line. */
export function terminalText(s: string): string {
    return s
        .replace(LINE_BREAKS, (b) => (b === "\r\n" ? "\\r\\n" : b === "\n" ? "\\n" : b === "\r" ? "\\r" : visible(b)))
        .replace(CONTROLS, visible)
        .replace(/##\[/g, "#\u200b#[");
}

/** One output line, safe for a terminal and for a CI runner that parses workflow commands. */
export function terminalLine(line: string): string {
    const safe = terminalText(line);
    return /^\s*::/.test(safe) ? safe.replace(/::/, ":\u200b:") : safe;
}

/** Writes each line of `text` (split on "\n" only: the lines the tools built) safely to `stream`. */
export function writeLines(stream: NodeJS.WritableStream, text: string): void {
    const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
    stream.write(lines.map(terminalLine).join("\n") + "\n");
}
