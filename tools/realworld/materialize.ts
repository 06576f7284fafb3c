/**
 * Puts a corpus program on disk, unmodified, from a local snapshot of its repository (a bare git directory the
 * `fetch` tool keeps under the mirror root, `<root>/<owner>+<name>/repo`): `git archive` of the recorded commit
 * and path, and beside it the stack config written for it. A template is instantiated as `pulumi new` does.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { Corpus, CorpusEntry } from "./manifest";
import { loadProject } from "../preview/project";

export type Materialized = { ok: true; root: string; programDir: string } | { ok: false; reason: string };

export function mirrorGitDir(mirrorRoot: string, repository: string): string {
    return path.join(mirrorRoot, repository.replace("/", "+"), "repo");
}

function git(gitDir: string, args: string[], maxBuffer = 16 * 1024 * 1024): Buffer {
    return execFileSync("git", [`--git-dir=${gitDir}`, ...args], { stdio: ["ignore", "pipe", "pipe"], maxBuffer });
}

function succeeds(gitDir: string, args: string[]): boolean {
    return spawnSync("git", [`--git-dir=${gitDir}`, ...args], { stdio: "ignore" }).status === 0;
}

/** What `pulumi new` fills in a template's files: the project's name and description. */
function instantiateTemplate(dir: string, project: string, description: string): void {
    const pending = [dir];
    while (pending.length > 0) {
        const d = pending.pop()!;
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, e.name);
            if (e.isDirectory()) pending.push(full);
            else if (e.isFile() && fs.statSync(full).size < 1024 * 1024) {
                const text = fs.readFileSync(full, "utf8");
                if (!text.includes("${PROJECT}") && !text.includes("${DESCRIPTION}")) continue;
                fs.writeFileSync(full, text.replaceAll("${PROJECT}", project).replaceAll("${DESCRIPTION}", description));
            }
        }
    }
}

/**
 * Materializes `entry` under `<outDir>/programs/<name>/program` (replacing any earlier copy; the folder above keeps
 * the dependencies installed for it). A snapshot that is missing, or lacks the commit or the path, is reported.
 */
export function materialize(entry: CorpusEntry, corpus: Corpus, mirrorRoot: string, outDir: string): Materialized {
    const gitDir = mirrorGitDir(mirrorRoot, entry.repository);
    if (!fs.existsSync(gitDir)) return { ok: false, reason: `no snapshot of ${entry.repository} at ${gitDir} (fetch github:${entry.repository})` };
    if (!succeeds(gitDir, ["cat-file", "-e", `${entry.commit}^{commit}`])) {
        return { ok: false, reason: `the snapshot ${gitDir} lacks commit ${entry.commit} (fetch github:${entry.repository} again)` };
    }
    const treeish = entry.path === "." ? entry.commit : `${entry.commit}:${entry.path}`;
    if (!succeeds(gitDir, ["cat-file", "-e", treeish]) || git(gitDir, ["cat-file", "-t", treeish]).toString().trim() !== "tree") {
        return { ok: false, reason: `commit ${entry.commit.slice(0, 12)} of ${entry.repository} has no folder '${entry.path}'` };
    }
    const root = path.join(outDir, "programs", entry.name);
    const programDir = path.join(root, "program");
    fs.rmSync(programDir, { recursive: true, force: true });
    fs.mkdirSync(programDir, { recursive: true });
    const tar = git(gitDir, ["archive", "--format=tar", treeish], 1024 * 1024 * 1024);
    const extracted = spawnSync("tar", ["-x", "-C", programDir], { input: tar, stdio: ["pipe", "ignore", "pipe"] });
    if (extracted.status !== 0) return { ok: false, reason: `tar could not extract the archive: ${extracted.stderr.toString().trim()}` };
    if (entry.template) instantiateTemplate(programDir, entry.name, `${entry.kind} (realworld corpus)`);
    if (!fs.existsSync(path.join(programDir, "Pulumi.yaml"))) return { ok: false, reason: `'${entry.path}' of ${entry.repository} has no Pulumi.yaml` };
    // A project file the preview cannot read is the preview's to report: the stack file then goes beside it.
    let stackConfigDir = programDir;
    try {
        stackConfigDir = loadProject(programDir).stackConfigDir;
    } catch {
        // reported by the preview
    }
    fs.mkdirSync(stackConfigDir, { recursive: true });
    fs.copyFileSync(corpus.stackFileOf(entry), path.join(stackConfigDir, `Pulumi.${corpus.stack}.yaml`));
    return { ok: true, root, programDir };
}
