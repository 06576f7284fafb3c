import * as fs from "fs";
import * as path from "path";

/** Writes a file all at once: a reader, or a failed run, never sees a partial file. */
export function writeAtomically(file: string, content: string): void {
    const target = path.resolve(file);
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, target);
}
