import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { UserInputError } from "./errors";

/** An output file and the flag that named it, for messages. */
export interface OutputTarget {
    flag: string;
    file: string;
}

function statOrUndefined(file: string, follow: boolean): fs.Stats | undefined {
    try {
        return follow ? fs.statSync(file) : fs.lstatSync(file);
    } catch {
        return undefined;
    }
}

/** What a path is on disk, whatever it is called: device and inode when it exists, else its real directory and name. */
function identity(file: string): string {
    const stat = statOrUndefined(file, true);
    if (stat) return `${stat.dev}:${stat.ino}`;
    const dir = path.dirname(path.resolve(file));
    let realDir = dir;
    try {
        realDir = fs.realpathSync(dir);
    } catch {
        // A missing directory is reported when the output is checked.
    }
    return path.join(realDir, path.basename(file));
}

/** The problem with writing `file`, or undefined. */
function problemWith(file: string): string | undefined {
    const stat = statOrUndefined(file, true);
    if (!stat) {
        if (statOrUndefined(file, false)) return "is a symbolic link to nothing";
        const dir = path.dirname(path.resolve(file));
        const dirStat = statOrUndefined(dir, true);
        if (!dirStat || !dirStat.isDirectory()) return `cannot be created: ${dir} is not a directory`;
        try {
            fs.accessSync(dir, fs.constants.W_OK);
        } catch {
            return `cannot be created: ${dir} is not writable`;
        }
        return undefined;
    }
    if (stat.isDirectory()) return "is a directory: give a file name";
    if (stat.isBlockDevice() || stat.isSocket()) return "is a block device or socket";
    try {
        fs.accessSync(file, fs.constants.W_OK);
    } catch {
        return "is read-only";
    }
    return undefined;
}

/**
 * Checks every output before anything runs: none may be an input, name the same file as another
 * output, be a directory, or be unwritable. Throws a UserInputError naming the flags.
 */
export function checkOutputs(outputs: OutputTarget[], inputs: OutputTarget[]): void {
    const named = outputs.filter((o) => o.file);
    const inputIds = new Map(inputs.filter((i) => i.file).map((i) => [identity(i.file), i]));
    const seen = new Map<string, OutputTarget>();
    for (const o of named) {
        const id = identity(o.file);
        const input = inputIds.get(id);
        if (input) throw new UserInputError(`${o.flag} ${o.file} is the ${input.flag} file: writing it would destroy the input; give another file`);
        const other = seen.get(id);
        if (other) throw new UserInputError(`${o.flag} ${o.file} and ${other.flag} ${other.file} name the same file: give each output its own file`);
        seen.set(id, o);
        const problem = problemWith(o.file);
        if (problem) throw new UserInputError(`${o.flag} ${o.file} ${problem}`);
    }
}

/**
 * Writes a file all at once: a reader, or a failed run, never sees a partial file. A regular file is
 * written to a temporary file beside it and renamed over it (its mode kept); a symbolic link is never
 * replaced (its target is written); a FIFO or character device (`/dev/stdout`) is written directly.
 * Directories, block devices, sockets and read-only files are refused. No temporary file is left behind.
 */
export function writeAtomically(file: string, content: string): void {
    const problem = problemWith(file);
    if (problem) throw new UserInputError(`${file} ${problem}`);
    const stat = statOrUndefined(file, true);
    if (stat && (stat.isFIFO() || stat.isCharacterDevice())) {
        fs.writeFileSync(file, content);
        return;
    }
    const target = stat ? fs.realpathSync(file) : path.resolve(file);
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`);
    try {
        fs.writeFileSync(tmp, content, { flag: "wx", mode: stat ? stat.mode & 0o777 : 0o666 });
        if (stat) fs.chmodSync(tmp, stat.mode & 0o777);
        fs.renameSync(tmp, target);
    } catch (e) {
        try {
            fs.unlinkSync(tmp);
        } catch {
            // Not created, or already renamed.
        }
        throw e;
    }
}
