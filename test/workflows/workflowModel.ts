/** The workflows as GitHub reads them (YAML), with the few shell facts the workflow tests need. */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const WORKFLOWS = path.join(REPO_ROOT, ".github", "workflows");

export type Step = Record<string, unknown> & {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
    "working-directory"?: string;
};
export type Job = Record<string, unknown> & {
    steps?: Step[];
    env?: Record<string, unknown>;
    permissions?: Record<string, string> | string;
    environment?: unknown;
    strategy?: { matrix?: Record<string, unknown> };
};
export type Workflow = Record<string, unknown> & { env?: Record<string, unknown>; jobs: Record<string, Job> };

export function loadWorkflow(file: string): Workflow {
    return YAML.parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
}

/** Words of a shell command line, quotes removed (enough for the single commands these workflows run). */
export function words(command: string): string[] {
    return (command.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ""));
}

/** The value after `flag` in a command's words, or undefined. */
export function flagValue(ws: string[], name: string): string | undefined {
    const i = ws.indexOf(name);
    return i >= 0 ? ws[i + 1] : undefined;
}

/**
 * The commands of a `run` script, one per line, each with the shell variables it uses expanded from `env` and from the
 * script's own plain assignments (`config="gate/x.$STACK.json"`). Array words (`"${args[@]}"`) expand to the words
 * the script put in the array (`args=(...)`, `args+=(...)`). Enough for the straight-line scripts of these workflows.
 */
export function commands(run: string, env: Record<string, string> = {}): string[] {
    const vars: Record<string, string> = { ...env };
    const arrays: Record<string, string> = {};
    const expand = (s: string) => s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, v: string) => vars[v] ?? m);
    const out: string[] = [];
    for (const raw of run.replace(/\\\n/g, " ").split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) continue;
        const assign = /^([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)$/.exec(line);
        if (assign) {
            vars[assign[1]!] = expand(assign[2]!.replace(/^["']|["']$/g, ""));
            continue;
        }
        const array = /^(?:if .*; then )?([A-Za-z_][A-Za-z0-9_]*)(\+?)=\((.*)\)(?:; fi)?$/.exec(line);
        if (array) {
            arrays[array[1]!] = `${array[2] ? `${arrays[array[1]!] ?? ""} ` : ""}${expand(array[3]!)}`;
            continue;
        }
        out.push(expand(line.replace(/"\$\{([A-Za-z_][A-Za-z0-9_]*)\[@\]\}"/g, (_m, a: string) => arrays[a] ?? "")));
    }
    return out;
}

/** Env of a step as strings (job env first, the step's over it). */
export function stepEnv(job: Job, step: Step): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...(job.env ?? {}), ...(step.env ?? {}) })) env[k] = String(v);
    return env;
}

export const mentionsSecret = (v: unknown): boolean => /\$\{\{[^}]*\bsecrets\./.test(JSON.stringify(v ?? ""));
export const isCheckout = (s: Step) => typeof s.uses === "string" && s.uses.startsWith("actions/checkout@");
export const runs = (s: Step, re: RegExp) => typeof s.run === "string" && re.test(s.run);
