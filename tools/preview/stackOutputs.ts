import * as fs from "fs";
import { UserInputError } from "../errors";

/** What `pulumi stack output --json` prints for a secret output it was not asked to show. */
const HIDDEN_SECRET = "[secret]";

/** Outputs of another stack, as a `pulumi.StackReference` reads them. */
export interface StackOutputs {
    outputs: Record<string, unknown>;
    /** Outputs the file shows only as "[secret]": their values stay unknown. */
    hiddenSecrets: string[];
}

/** Stack reference name (`org/project/stack`) to its outputs. */
export type StackOutputsByName = Map<string, StackOutputs>;

/** Reads every `--stack-outputs NAME=FILE`, FILE in the format of `pulumi stack output --json`. */
export function readStackOutputs(specs: string[]): StackOutputsByName {
    const byName: StackOutputsByName = new Map();
    for (const spec of specs) {
        const at = spec.indexOf("=");
        if (at <= 0 || at === spec.length - 1) {
            throw new UserInputError(`--stack-outputs '${spec}': expected NAME=FILE, NAME the stack reference's name (e.g. org/project/stack)`);
        }
        const name = spec.slice(0, at);
        const file = spec.slice(at + 1);
        if (byName.has(name)) throw new UserInputError(`--stack-outputs names stack '${name}' twice`);
        let text: string;
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (e) {
            throw new UserInputError(`--stack-outputs ${name}=${file}: cannot read it: ${(e as Error).message}`);
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch (e) {
            throw new UserInputError(`--stack-outputs ${name}=${file} is not valid JSON: ${(e as Error).message}`);
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            throw new UserInputError(`--stack-outputs ${name}=${file} must be a JSON object of outputs, as 'pulumi stack output --json' prints`);
        }
        const outputs: Record<string, unknown> = {};
        const hiddenSecrets: string[] = [];
        for (const [key, value] of Object.entries(parsed)) {
            if (value === HIDDEN_SECRET) hiddenSecrets.push(key);
            else outputs[key] = value;
        }
        byName.set(name, { outputs, hiddenSecrets });
    }
    return byName;
}
