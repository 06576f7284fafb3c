/**
 * The dependencies a corpus program needs that the project does not install, installed for it alone with
 * `npm install --no-save` into the folder that holds the materialized program (`<root>/node_modules`, which Node
 * finds from `<root>/program` before the project's own). Nothing is added to the project's package.json.
 *
 * The project's own `@pulumi/*` dependencies (`@pulumi/pulumi` and the provider SDKs the preview and the type
 * catalogue are pinned to) always come from the project, whatever range the program declares; the difference is
 * recorded. Copies of those that an installed package brings along are removed when they are of the project's major
 * version, so that a program and its components share one SDK, as one `npm install` of the program would leave
 * them; a copy of another major stays with the package that needs it (awsx 2 keeps its @pulumi/aws 6 beside a
 * program on @pulumi/aws 7), as npm leaves it too. Any other dependency comes from the project only when the
 * project's copy satisfies the program's range; otherwise it is installed.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";

export interface Dependencies {
    ok: boolean;
    /** `name@range` installed for this program (from its package.json `dependencies`). */
    installed: string[];
    /** Dependencies the program takes from the project: `name range -> version` where they differ. */
    fromProject: string[];
    /** Copies of the project's SDKs that installed packages brought, removed. */
    deduplicated: string[];
    /** Why the installation failed, when it did. */
    error?: string;
    seconds: number;
}

function readJson(file: string): Record<string, unknown> | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch {
        return undefined;
    }
}

function versionIn(root: string, name: string): string | undefined {
    const v = readJson(path.join(root, "node_modules", name, "package.json"))?.version;
    return typeof v === "string" ? v : undefined;
}

/** The project's own `@pulumi/*` dependencies: one copy each per process, the project's. */
function projectSdks(projectRoot: string): string[] {
    const deps = readJson(path.join(projectRoot, "package.json"))?.dependencies;
    return Object.keys(typeof deps === "object" && deps !== null ? deps : {}).filter((n) => n.startsWith("@pulumi/"));
}

/** The major version of a semver string, or undefined. */
function majorOf(version: string | undefined): number | undefined {
    const v = version === undefined ? null : semver.parse(version);
    return v ? v.major : undefined;
}

/**
 * Removes every copy of `names` under `nodeModules`, nested ones included, that has the same major version as the
 * project's (`projectVersions`); returns what it removed.
 */
export function removeCopies(nodeModules: string, names: string[], root: string, projectVersions: Map<string, string | undefined>): string[] {
    const removed: string[] = [];
    const pending = [nodeModules];
    while (pending.length > 0) {
        const dir = pending.pop()!;
        for (const name of names) {
            const copy = path.join(dir, name);
            if (!fs.existsSync(copy)) continue;
            const version = readJson(path.join(copy, "package.json"))?.version;
            const own = typeof version === "string" ? version : undefined;
            const projectMajor = majorOf(projectVersions.get(name));
            if (projectMajor !== undefined && majorOf(own) !== projectMajor) continue;
            removed.push(`${path.relative(root, copy)}@${own ?? "?"}`);
            fs.rmSync(copy, { recursive: true, force: true });
        }
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            if (!e.isDirectory()) continue;
            const scoped = e.name.startsWith("@") ? fs.readdirSync(path.join(dir, e.name)).map((n) => path.join(dir, e.name, n)) : [path.join(dir, e.name)];
            for (const pkg of scoped) {
                const nested = path.join(pkg, "node_modules");
                if (fs.existsSync(nested)) pending.push(nested);
            }
        }
    }
    return removed;
}

const STAMP = ".realworld-installed.json";
/** Changes when the rule of what is removed changes: an installation made under another rule is made again. */
const STAMP_RULE = "same-major-copies-removed";

/**
 * Installs what the program at `<root>/program` needs and the project lacks. A second run with the same
 * dependencies reuses the installation (a stamp records it). `npm` runs with `--ignore-scripts`: old provider SDKs
 * download their plugin in an install script, which cannot work offline and which the preview never needs.
 */
export function installDependencies(root: string, projectRoot: string, log: (line: string) => void, timeoutMs = 600_000): Dependencies {
    const started = Date.now();
    const done = (d: Omit<Dependencies, "seconds">): Dependencies => ({ ...d, seconds: (Date.now() - started) / 1000 });
    const manifest = readJson(path.join(root, "program", "package.json"));
    const declared = manifest?.dependencies;
    const deps: Record<string, string> = typeof declared === "object" && declared !== null ? (declared as Record<string, string>) : {};
    const installed: string[] = [];
    const fromProject: string[] = [];
    const sdks = projectSdks(projectRoot);
    for (const [name, range] of Object.entries(deps)) {
        const have = versionIn(projectRoot, name);
        const satisfied = have !== undefined && semver.validRange(range) !== null && semver.satisfies(have, range);
        if (sdks.includes(name) || satisfied) {
            if (have !== range) fromProject.push(`${name} ${range} -> ${have}`);
        } else {
            installed.push(`${name}@${range}`);
        }
    }
    const stampFile = path.join(root, STAMP);
    const stamp = readJson(stampFile);
    if (installed.length === 0) return done({ ok: true, installed, fromProject, deduplicated: [] });
    if (stamp?.rule === STAMP_RULE && JSON.stringify(stamp?.installed) === JSON.stringify(installed) && Array.isArray(stamp?.deduplicated)) {
        return done({ ok: true, installed, fromProject, deduplicated: stamp.deduplicated as string[] });
    }
    fs.rmSync(path.join(root, "node_modules"), { recursive: true, force: true });
    fs.rmSync(stampFile, { force: true });
    // A package.json of its own, so that npm installs only these and never the program's whole manifest.
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "realworld-dependencies", private: true }, null, 2) + "\n");
    log(`    installing ${installed.join(" ")} (npm install --no-save)...`);
    const npm = spawnSync(
        "npm",
        ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", ...installed],
        { cwd: root, encoding: "utf8", timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] },
    );
    if (npm.status !== 0) {
        // npm's own reason (`npm error notarget No matching version...`), not its pointer to the debug log.
        const lines = (npm.stderr || npm.stdout).split("\n").map((l) => l.replace(/^npm (error|ERR!)\s*/, "").trim());
        const why = npm.error ? npm.error.message : lines.find((l) => l && !/^code\b|complete log of this run/.test(l));
        return done({ ok: false, installed, fromProject, deduplicated: [], error: `npm install failed: ${why ?? `exit ${npm.status}`}` });
    }
    const nodeModules = path.join(root, "node_modules");
    const projectVersions = new Map(sdks.map((n) => [n, versionIn(projectRoot, n)]));
    const deduplicated = fs.existsSync(nodeModules) ? removeCopies(nodeModules, sdks, root, projectVersions) : [];
    fs.writeFileSync(stampFile, JSON.stringify({ rule: STAMP_RULE, installed, deduplicated }, null, 2) + "\n");
    return done({ ok: true, installed, fromProject, deduplicated });
}
