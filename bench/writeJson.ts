import * as fs from "fs";
import * as path from "path";
import { writeAtomically } from "../tools/writeAtomically";

/**
 * Writes JSON formatted as the repository's Prettier config wants it, so that a results file kept in the
 * repository passes `prettier --check`. Without Prettier it writes plain indented JSON.
 */
export async function writeJson(file: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value, null, 4) + "\n";
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeAtomically(file, await formatted(file, text));
}

async function formatted(file: string, text: string): Promise<string> {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const prettier = require("prettier") as typeof import("prettier");
        const options = (await prettier.resolveConfig(file)) ?? {};
        return await prettier.format(text, { ...options, filepath: file });
    } catch {
        return text;
    }
}
