/**
 * Glob matching in time linear in the pattern and the text, for patterns that come from configs and programs
 * (exemption patterns, IAM `Resource` strings). A regular expression built from a glob (`*` to `.*`) backtracks
 * exponentially in the number of stars: `*a*a*a*a*a*c` against 80 `a`s took seconds, 100 characters minutes.
 *
 * `*` stands for any run of characters and, when `anyChar` is set, `?` for any one character, as `.*` and `.` do
 * in the expressions this replaces: neither crosses a line terminator. Every other character stands for itself.
 */
export interface GlobOptions {
    /** `?` matches one character (IAM), rather than itself (exemption patterns). */
    anyChar?: boolean;
    /** Whether the pattern must reach the end of the text (`^...$`), or only match a prefix of it (`^...`). */
    whole: boolean;
    /**
     * The answer for a pattern with more than MAX_ANY_CHARS `?`s (with `anyChar`), which is not read: each `?`
     * costs a pass over the text. The caller's fail-closed answer.
     */
    beyondLimit: boolean;
}

/** `?`s a pattern may hold (with `anyChar`); ARNs written by people have a few. */
export const MAX_ANY_CHARS = 32;

const isLineTerminator = (c: string) => c === "\n" || c === "\r" || c === "\u2028" || c === "\u2029";

export function globMatches(pattern: string, text: string, opts: GlobOptions): boolean {
    const segments = pattern.split("*");
    const wildcard = opts.anyChar === true;
    if (wildcard && pattern.split("?").length - 1 > MAX_ANY_CHARS) return opts.beyondLimit;
    // Where the next line terminator is at or after each position: a `*` cannot run past it.
    const nextTerminator = new Int32Array(text.length + 1);
    nextTerminator[text.length] = text.length;
    for (let i = text.length - 1; i >= 0; i--) nextTerminator[i] = isLineTerminator(text[i]) ? i : nextTerminator[i + 1];

    const first = segments[0];
    if (!matchesAt(first, text, 0, wildcard)) return false;
    if (segments.length === 1) return !opts.whole || first.length === text.length;
    let at = first.length;
    const last = segments[segments.length - 1];
    const middle = segments.slice(1, opts.whole ? -1 : undefined);
    for (const segment of middle) {
        // The leftmost occurrence: a later one never leaves more room for the rest (for a segment without a line
        // terminator of its own; a pattern holding one can match less than the expression did, never more).
        const found = findSegment(segment, text, at, nextTerminator[at], wildcard, nextTerminator);
        if (found < 0) return false;
        at = found + segment.length;
    }
    if (!opts.whole) return true;
    // The last segment sits at the end of the text, after what the last `*` covers (no line terminator in it).
    const start = text.length - last.length;
    return start >= at && nextTerminator[at] >= start && matchesAt(last, text, start, wildcard);
}

function charMatches(p: string, c: string, wildcard: boolean): boolean {
    return p === c || (wildcard && p === "?" && !isLineTerminator(c));
}

function matchesAt(segment: string, text: string, at: number, wildcard: boolean): boolean {
    if (at + segment.length > text.length) return false;
    for (let i = 0; i < segment.length; i++) if (!charMatches(segment[i], text[at + i], wildcard)) return false;
    return true;
}

/** The first position in `[from, latestStart]` where `segment` occurs in `text`, or -1: Knuth-Morris-Pratt. */
function findSegment(segment: string, text: string, from: number, latestStart: number, wildcard: boolean, nextTerminator: Int32Array): number {
    if (segment.length === 0) return from;
    if (wildcard && segment.includes("?")) return findWithAnyChar(segment, text, from, latestStart, nextTerminator);
    const failure = new Int32Array(segment.length);
    for (let i = 1, k = 0; i < segment.length; i++) {
        while (k > 0 && segment[i] !== segment[k]) k = failure[k - 1];
        if (segment[i] === segment[k]) k++;
        failure[i] = k;
    }
    for (let i = from, k = 0; i < text.length; i++) {
        while (k > 0 && text[i] !== segment[k]) k = failure[k - 1];
        if (text[i] === segment[k]) k++;
        if (k === segment.length) {
            const start = i - segment.length + 1;
            return start <= latestStart ? start : -1;
        }
        if (i - k + 1 > latestStart) return -1;
    }
    return -1;
}

/**
 * A segment with `?`s: its literal pieces at fixed offsets. A start is an occurrence when every piece occurs at
 * its offset and no `?` falls on a line terminator. The starts are tried in blocks, left to right; in each block
 * one KMP pass per piece counts, per start, the pieces found there. The work up to the first occurrence is thus
 * linear in the text it passes over, for each of at most MAX_ANY_CHARS + 1 pieces.
 */
function findWithAnyChar(segment: string, text: string, from: number, latestStart: number, nextTerminator: Int32Array): number {
    const last = Math.min(latestStart, text.length - segment.length);
    const pieces = literalPieces(segment);
    const anyAt = [...segment].flatMap((c, i) => (c === "?" ? [i] : []));
    const block = Math.max(segment.length, 1024);
    for (let blockStart = from; blockStart <= last; blockStart += block) {
        const blockEnd = Math.min(blockStart + block, last + 1);
        const hits = new Int32Array(blockEnd - blockStart);
        for (const { piece, offset } of pieces) {
            for (const at of occurrences(piece, text, blockStart + offset, blockEnd + offset + piece.length - 1)) hits[at - offset - blockStart]++;
        }
        for (let s = 0; s < hits.length; s++) {
            const start = blockStart + s;
            if (hits[s] === pieces.length && anyAt.every((i) => nextTerminator[start + i] !== start + i)) return start;
        }
    }
    return -1;
}

function literalPieces(segment: string): { piece: string; offset: number }[] {
    const out: { piece: string; offset: number }[] = [];
    let start = 0;
    for (let i = 0; i <= segment.length; i++) {
        if (i === segment.length || segment[i] === "?") {
            if (i > start) out.push({ piece: segment.slice(start, i), offset: start });
            start = i + 1;
        }
    }
    return out;
}

/** Every start of `piece` in `text[from, to)`, by KMP. */
function occurrences(piece: string, text: string, from: number, to: number): number[] {
    const failure = new Int32Array(piece.length);
    for (let i = 1, k = 0; i < piece.length; i++) {
        while (k > 0 && piece[i] !== piece[k]) k = failure[k - 1];
        if (piece[i] === piece[k]) k++;
        failure[i] = k;
    }
    const out: number[] = [];
    for (let i = from, k = 0; i < Math.min(to, text.length); i++) {
        while (k > 0 && text[i] !== piece[k]) k = failure[k - 1];
        if (text[i] === piece[k]) k++;
        if (k === piece.length) {
            out.push(i - piece.length + 1);
            k = failure[k - 1];
        }
    }
    return out;
}
