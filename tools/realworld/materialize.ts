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

/** `absent`: files the snapshot lists but does not hold (a mirror may leave out its largest blobs). */
export type Materialized = { ok: true; root: string; programDir: string; absent: string[] } | { ok: false; reason: string };

export function mirrorGitDir(mirrorRoot: string, repository: string): string {
    return path.join(mirrorRoot, repository.replace("/", "+"), "repo");
}

function git(gitDir: string, args: string[], maxBuffer = 16 * 1024 * 1024): Buffer {
    return execFileSync("git", [`--git-dir=${gitDir}`, ...args], { stdio: ["ignore", "pipe", "pipe"], maxBuffer });
}

function succeeds(gitDir: string, args: string[]): boolean {
    return spawnSync("git", [`--git-dir=${gitDir}`, ...args], { stdio: "ignore" }).status === 0;
}

/**
 * Writes the tree `treeish` into `dir`: `git archive` when the snapshot holds every blob, else file by file, leaving
 * out (and returning) the blobs the snapshot lists but does not hold.
 */
function extractTree(gitDir: string, treeish: string, dir: string): string[] {
    const archive = spawnSync("git", [`--git-dir=${gitDir}`, "archive", "--format=tar", treeish], { maxBuffer: 1024 * 1024 * 1024 });
    if (archive.status === 0) {
        const extracted = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout, stdio: ["pipe", "ignore", "pipe"] });
        if (extracted.status !== 0) throw new Error(`tar could not extract the archive of ${treeish}: ${extracted.stderr.toString().trim()}`);
        return [];
    }
    const entries = git(gitDir, ["ls-tree", "-r", "-z", treeish])
        .toString("utf8")
        .split("\0")
        .filter(Boolean)
        .map((line) => {
            const [meta, file] = [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)];
            const [mode, type, oid] = meta.split(" ");
            return { mode, type, oid, file };
        })
        .filter((e) => e.type === "blob");
    const absent: string[] = [];
    for (const e of entries) {
        const target = path.join(dir, e.file);
        if (!path.resolve(target).startsWith(path.resolve(dir) + path.sep)) throw new Error(`the tree of ${treeish} names a path outside it: ${e.file}`);
        const blob = spawnSync("git", [`--git-dir=${gitDir}`, "cat-file", "blob", e.oid], { maxBuffer: 1024 * 1024 * 1024 });
        if (blob.status !== 0) {
            absent.push(e.file);
            continue;
        }
        fs.mkdirSync(path.dirname(target), { recursive: true });
        if (e.mode === "120000") fs.symlinkSync(blob.stdout.toString("utf8"), target);
        else fs.writeFileSync(target, blob.stdout, { mode: e.mode === "100755" ? 0o755 : 0o644 });
    }
    return absent;
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
    const treeish = entry.path === "." ? `${entry.commit}^{tree}` : `${entry.commit}:${entry.path}`;
    if (!succeeds(gitDir, ["cat-file", "-e", treeish]) || git(gitDir, ["cat-file", "-t", treeish]).toString().trim() !== "tree") {
        return { ok: false, reason: `commit ${entry.commit.slice(0, 12)} of ${entry.repository} has no folder '${entry.path}'` };
    }
    const root = path.join(outDir, "programs", entry.name);
    const programDir = path.join(root, "program");
    fs.rmSync(programDir, { recursive: true, force: true });
    fs.mkdirSync(programDir, { recursive: true });
    const absent = extractTree(gitDir, treeish, programDir);
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
    return { ok: true, root, programDir, absent };
}
