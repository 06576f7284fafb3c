/**
 * `gate-changes --base DIR --head DIR`: which protected files (protectedPaths.ts) a pull request changes, as a
 * Markdown notice for the top of its residency report.
 *
 * The pull-request check judges the pull request's program with the gate of its base branch: a second checkout of
 * the base commit. This compares the two checkouts' git indexes (`git ls-files --stage`: mode and blob of every
 * tracked file), so it reads no file content, needs no history, and sees exactly the trees that were checked out.
 * It runs from the base checkout; nothing of the pull request's checkout runs.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { EXIT_BAD_INPUT, EXIT_OK, UserInputError } from "../errors";
import { code, plural, t, table, text } from "../report/render/markdownText";
import { terminalLine } from "../terminalText";
import { checkOutputs, writeAtomically } from "../writeAtomically";
import { protectedPathOf, type ProtectedPath } from "./protectedPaths";

/** A tracked file as git stages it: mode and blob id. A change of either is a change. */
interface Staged {
    mode: string;
    blob: string;
}

export type ChangeKind = "added" | "removed" | "modified";

export interface GateChange {
    readonly file: string;
    readonly kind: ChangeKind;
    readonly protectedBy: ProtectedPath;
}

export interface GateChanges {
    /** The commit the gate came from (the base checkout's HEAD). */
    readonly baseCommit: string;
    readonly changes: readonly GateChange[];
}

function git(dir: string, args: string[]): Buffer {
    try {
        return execFileSync("git", ["-C", dir, ...args], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
    } catch (e) {
        const stderr = String((e as { stderr?: Buffer }).stderr ?? "").trim();
        throw new UserInputError(`${dir} is not a git checkout git can read (git ${args.join(" ")}: ${stderr || (e as Error).message})`);
    }
}

/** Every tracked file of a checkout with its mode and blob, from `git ls-files --stage -z`. */
export function stagedFiles(dir: string): Map<string, Staged> {
    const out = new Map<string, Staged>();
    for (const record of git(dir, ["ls-files", "--stage", "-z"]).toString("utf8").split("\0")) {
        if (record === "") continue;
        const m = /^(\d{6}) ([0-9a-f]{40,64}) (\d)\t([\s\S]+)$/.exec(record);
        if (!m) throw new UserInputError(`${dir}: unexpected 'git ls-files --stage' record ${JSON.stringify(record.slice(0, 120))}`);
        // A conflicted index has several stages of a path; any difference between the checkouts is what counts.
        const previous = out.get(m[4]!);
        out.set(m[4]!, { mode: m[1]!, blob: previous ? `${previous.blob}+${m[2]}` : m[2]! });
    }
    return out;
}

/** The protected files whose presence, mode or content differs between the two indexes, sorted by path. */
export function compareCheckouts(base: Map<string, Staged>, head: Map<string, Staged>): GateChange[] {
    const changes: GateChange[] = [];
    const files = new Set([...base.keys(), ...head.keys()]);
    for (const file of [...files].sort()) {
        const before = base.get(file);
        const after = head.get(file);
        const kind: ChangeKind | undefined = !before
            ? "added"
            : !after
              ? "removed"
              : before.mode !== after.mode || before.blob !== after.blob
                ? "modified"
                : undefined;
        if (!kind) continue;
        const protectedBy = protectedPathOf(file);
        if (protectedBy) changes.push({ file, kind, protectedBy });
    }
    return changes;
}

export function gateChanges(baseDir: string, headDir: string): GateChanges {
    const baseCommit = git(baseDir, ["rev-parse", "HEAD"]).toString("utf8").trim();
    return { baseCommit, changes: compareCheckouts(stagedFiles(baseDir), stagedFiles(headDir)) };
}

/** At most this many files are listed per role; the count says how many more there are. */
const LIST_LIMIT = 50;

function changeTable(changes: readonly GateChange[]): string[] {
    const shown = changes.slice(0, LIST_LIMIT);
    const rows = shown.map((c) => [code(c.file).replace(/\|/g, "\\|"), t(c.kind), text(c.protectedBy.why)]);
    const out = table(["file", "change", "why it matters"], rows);
    if (changes.length > shown.length) out.push("", `…and ${plural(changes.length - shown.length, "more file")}.`);
    return out;
}

/** The Markdown notice: always says which gate judged, and lists the protected files the pull request changes. */
export function renderMarkdown(result: GateChanges): string {
    const base = code(result.baseCommit.slice(0, 12));
    const gate = result.changes.filter((c) => c.protectedBy.role === "gate");
    const deploy = result.changes.filter((c) => c.protectedBy.role === "deploy");
    const out: string[] = [];
    if (gate.length > 0) {
        out.push(
            `> [!WARNING]`,
            `> **This pull request changes the residency gate** (${plural(gate.length, "file")}). It was judged with the gate of the base branch (${base}): its own changes to the gate take effect only after review and merge.`,
            "",
            ...changeTable(gate),
            "",
        );
    } else {
        out.push(`> Judged with the residency gate of the base branch (${base}). This pull request changes none of the gate's files.`, "");
    }
    if (deploy.length > 0) {
        out.push(
            `**It also changes ${plural(deploy.length, "file")} that shape${deploy.length === 1 ? "s" : ""} how the program runs or deploys** (owners' review):`,
            "",
            ...changeTable(deploy),
            "",
        );
    }
    return `${out.join("\n")}\n`;
}

export function gateChangesCommand(): Command {
    return new Command("gate-changes")
        .description(
            "Lists the gate files (tools/, bin/, policies/, package files, policy configs, workflows...) a pull request changes, comparing the git indexes of the base and the pull request checkouts; Markdown for the top of the residency report.",
        )
        .addOption(new Option("--base <dir>", "checkout of the base commit (the gate that judges)").makeOptionMandatory())
        .addOption(new Option("--head <dir>", "checkout of the pull request").makeOptionMandatory())
        .addOption(new Option("-o, --out <file>", "write the Markdown to this file (whole, or not at all) instead of stdout"))
        .exitOverride()
        .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
}

/** Exit 0 when written (whether or not the gate changed), 2 on bad input (flags, a directory that is not a checkout). */
export async function main(argv: string[]): Promise<number> {
    const command = gateChangesCommand();
    try {
        command.parse(argv, { from: "user" });
        const opts = command.opts<{ base: string; head: string; out?: string }>();
        if (opts.out) checkOutputs([{ flag: "--out", file: opts.out }], []);
        const result = gateChanges(path.resolve(opts.base), path.resolve(opts.head));
        const markdown = renderMarkdown(result);
        if (opts.out) writeAtomically(opts.out, markdown);
        else process.stdout.write(markdown);
        const gate = result.changes.filter((c) => c.protectedBy.role === "gate").length;
        // A workflow annotation, in the log only (never in the Markdown): a count, no name from the pull request.
        if (opts.out && gate > 0 && process.env.GITHUB_ACTIONS === "true") {
            process.stdout.write(`::warning::This pull request changes ${gate} file(s) of the residency gate; it was judged with the base branch's gate.\n`);
        }
        return EXIT_OK;
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
        if (e instanceof UserInputError) {
            process.stderr.write(terminalLine(`error: ${e.message}`) + "\n");
            return EXIT_BAD_INPUT;
        }
        throw e;
    }
}
