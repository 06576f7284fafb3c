import * as fs from "fs";
import { UserInputError } from "../errors";

function lineAndColumn(text: string, position: number): string {
    const before = text.slice(0, position);
    const line = before.split("\n").length;
    const column = position - before.lastIndexOf("\n");
    return `line ${line}, column ${column}`;
}

/** Reads and parses a JSON input file; every failure names the file and, for bad JSON, where. */
export function readJsonFile(file: string, what: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UserInputError(`${what} ${file}: cannot read it: ${(e as Error).message}`);
    }
    if (text.trim() === "") throw new UserInputError(`${what} ${file} is empty`);
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
