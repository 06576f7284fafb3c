/**
 * The corpus of real programs (issue 21): public Pulumi TypeScript programs, run unmodified. Only this manifest and
 * the stack config written for each program are committed; the programs come from local snapshots of their
 * repositories (materialize.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { UserInputError } from "../errors";

export const corpusEntrySchema = z
    .object({
        /** Unique; names the stack file `stacks/<name>.yaml` and the folder the program is materialized in. */
        name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
        /** `owner/name` on GitHub. */
        repository: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/),
        commit: z.string().regex(/^[0-9a-f]{40}$/),
        /** The Pulumi project's folder inside the repository (`.` for the root). */
        path: z.string().min(1),
        licence: z.string().min(1),
        cloud: z.enum(["aws", "oci"]),
        /** What kind of program it is: serverless API, static site, ETL, containers, EKS... */
        kind: z.string().min(1),
        /** The SDK features it uses that the offline preview has to play (closures, components, ESM...). */
        exercises: z.array(z.string().min(1)).min(1),
        /** The issue-21 engine items it exercises, by number (1 multi-language components ... 8 error messages). */
        issue21: z.array(z.number().int().min(1).max(8)),
        /** Where it was found. */
        source: z.string().min(1),
        /** A `pulumi new` template: `${PROJECT}` and `${DESCRIPTION}` are filled in as `pulumi new` does. */
        template: z.boolean(),
    })
    .strict();

export type CorpusEntry = z.infer<typeof corpusEntrySchema>;

export const manifestSchema = z
    .object({
        /** The stack every program is previewed as: its config is `stacks/<name>.yaml`, written as `Pulumi.<stack>.yaml`. */
        stack: z.string().regex(/^[A-Za-z0-9_.-]+$/),
        programs: z.array(corpusEntrySchema).min(1),
    })
    .strict();

export interface Corpus {
    dir: string;
    stack: string;
    programs: CorpusEntry[];
    /** The stack config written for a program. */
    stackFileOf(entry: CorpusEntry): string;
    /** The policy config of the residency-only run: every policy but the core residency ones disabled. */
    residencyOnlyConfig: string;
}

/** Reads and checks the corpus: the manifest's schema, unique names, and a stack file for every program. */
export function readCorpus(dir: string): Corpus {
    const file = path.join(dir, "manifest.json");
    let raw: unknown;
    try {
        raw = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new UserInputError(`corpus manifest ${file}: ${(e as Error).message}`);
    }
    const parsed = manifestSchema.safeParse(raw);
    if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new UserInputError(`corpus manifest ${file}: ${first.path.join(".") || "(top)"}: ${first.message}`);
    }
    const names = parsed.data.programs.map((p) => p.name);
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    if (twice.length > 0) throw new UserInputError(`corpus manifest ${file}: program names must be unique; given twice: ${twice.join(", ")}`);
    const stackFileOf = (entry: CorpusEntry) => path.join(dir, "stacks", `${entry.name}.yaml`);
    const missing = parsed.data.programs.filter((p) => !fs.existsSync(stackFileOf(p))).map((p) => p.name);
    if (missing.length > 0) throw new UserInputError(`corpus ${dir}: no stack config stacks/<name>.yaml for ${missing.join(", ")}`);
    const residencyOnlyConfig = path.join(dir, "residency-only.json");
    if (!fs.existsSync(residencyOnlyConfig)) throw new UserInputError(`corpus ${dir}: no residency-only.json policy config`);
    return { dir, stack: parsed.data.stack, programs: parsed.data.programs, stackFileOf, residencyOnlyConfig };
}
