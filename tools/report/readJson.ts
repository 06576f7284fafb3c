import * as fs from "fs";
import { UserInputError } from "../errors";

/** Default of `--max-input-size`: a stack export of 10,000 resources is about 40 MB. */
export const DEFAULT_MAX_INPUT_MB = 256;
/**
 * Deepest nesting of arrays and objects an input may have. Pulumi's documents nest a property value
 * inside a resource inside a deployment; real ones stay far below this, and every reader and the
 * policy SDK walk values recursively.
 */
export const MAX_JSON_DEPTH = 200;

let maxInputBytes = DEFAULT_MAX_INPUT_MB * 1024 * 1024;

/** Sets the size limit for every input file of this process (the `--max-input-size` flag). */
export function setMaxInputMegabytes(mb: number): void {
    maxInputBytes = mb * 1024 * 1024;
}

/** `--max-input-size <MB>`: a positive integer. */
export function parseMegabytes(value: string): number {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1) throw new UserInputError(`--max-input-size ${JSON.stringify(value)}: allowed: a whole number of megabytes, 1 or more`);
    return n;
}

function lineAndColumn(text: string, position: number): string {
    const before = text.slice(0, position);
    const line = before.split("\n").length;
    const column = position - before.lastIndexOf("\n");
    return `line ${line}, column ${column}`;
}

function kindOf(stat: fs.Stats): string {
    if (stat.isDirectory()) return "a directory";
    if (stat.isFIFO()) return "a FIFO (named pipe)";
    if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
    if (stat.isSocket()) return "a socket";
    return "not a regular file";
}

/** The bytes of a regular file of at most `maxInputBytes`; never blocks on a FIFO, never reads a device. */
function readRegularFile(file: string, what: string): Buffer {
    const limitMb = Math.round(maxInputBytes / (1024 * 1024));
    let fd: number;
    try {
        const stat = fs.statSync(file);
        if (!stat.isFile()) throw new UserInputError(`${what} ${file} is ${kindOf(stat)}: give a regular file`);
        fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (e) {
        if (e instanceof UserInputError) throw e;
        throw new UserInputError(`${what} ${file}: cannot read it: ${(e as Error).message}`);
    }
    try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) throw new UserInputError(`${what} ${file} is ${kindOf(stat)}: give a regular file`);
        const tooBig = () =>
            new UserInputError(`${what} ${file} is larger than ${limitMb} MB, the input size limit: raise it with --max-input-size <MB> if the file is right`);
        if (stat.size > maxInputBytes) throw tooBig();
        const buffer = Buffer.alloc(stat.size + 1);
        let length = 0;
        for (;;) {
            if (length === buffer.length) throw tooBig();
            const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
            if (n === 0) break;
            length += n;
        }
        return buffer.subarray(0, length);
    } catch (e) {
        if (e instanceof UserInputError) throw e;
        throw new UserInputError(`${what} ${file}: cannot read it: ${(e as Error).message}`);
    } finally {
        fs.closeSync(fd);
    }
}

/** The text of the file as UTF-8; a BOM, UTF-16 or invalid UTF-8 gets a message that says so. */
function decode(bytes: Buffer, file: string, what: string): string {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        throw new UserInputError(`${what} ${file} starts with a UTF-8 byte order mark (BOM): save it as UTF-8 without a BOM`);
    }
    const utf16 =
        (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0));
    if (utf16) {
        throw new UserInputError(
            `${what} ${file} is UTF-16 text (as PowerShell's '>' writes it): convert it to UTF-8, or write it with 'pulumi stack export --file FILE' / 'pulumi preview --json | Out-File -Encoding utf8'`,
        );
    }
    try {
        return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
        throw new UserInputError(`${what} ${file} is not valid UTF-8 text: JSON inputs must be UTF-8`);
    }
}

/** Refuses nesting deeper than MAX_JSON_DEPTH before anything recursive sees the value. */
function checkDepth(text: string, file: string, what: string): void {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c) i++;
            else if (c === 0x22) inString = false;
        } else if (c === 0x22) {
            inString = true;
        } else if (c === 0x5b || c === 0x7b) {
            if (++depth > MAX_JSON_DEPTH) {
                throw new UserInputError(
                    `${what} ${file} nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels (at ${lineAndColumn(text, i)}): no Pulumi document does`,
                );
            }
        } else if (c === 0x5d || c === 0x7d) {
            depth--;
        }
    }
}

/**
 * Reads and parses a JSON input file; every failure names the file and, for bad JSON, where. The file must be a
 * regular file within the size limit, UTF-8, and nested at most MAX_JSON_DEPTH deep. Every key is data:
 * `JSON.parse` makes each one an own property (`__proto__` included, never the prototype), and the readers copy
 * values with `Object.defineProperty` (propertyValues.ts), so a key such as `__proto__`, `constructor` or
 * `toString` in a tag map is a tag like any other.
 */
export function readJsonFile(file: string, what: string): unknown {
    const text = decode(readRegularFile(file, what), file, what);
    if (text.trim() === "") throw new UserInputError(`${what} ${file} is empty`);
    checkDepth(text, file, what);
    try {
        return JSON.parse(text);
    } catch (e) {
        const message = (e as Error).message;
        const at = /position (\d+)/.exec(message);
        const end = text.trimEnd().length;
        const truncated = /end of JSON input/i.test(message) || (at !== null && Number(at[1]) >= end);
        const where = truncated
            ? ` (it ends after ${end} bytes in the middle of a value: truncated?)`
            : at
              ? ` (at ${lineAndColumn(text, Number(at[1]))})`
              : "";
        throw new UserInputError(`${what} ${file} is not valid JSON${where}: ${message}`);
    }
}
