import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OUR_PACK } from "./packCopy";

/**
 * `npm pack` of policies/, as `pulumi policy publish` does. Returns the tarball's path and the files it holds.
 * npm runs the pack's `prepack` script, which compiles bin/ if it is stale.
 */
export function packTarball(into: string): { tarball: string; files: string[] } {
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", into], { cwd: OUR_PACK, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [entry] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    return { tarball: path.join(into, entry.filename), files: entry.files.map((f) => f.path).sort() };
}

interface Manifest {
    name: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readManifest = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));

/** Node's lookup of a package folder: `node_modules/<name>` in `fromDir` and each folder above it. */
function findPackage(name: string, fromDir: string): string | undefined {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, "node_modules", name);
        if (fs.existsSync(path.join(candidate, "package.json"))) return fs.realpathSync(candidate);
        if (path.dirname(dir) === dir) return undefined;
    }
}

/**
 * Installs a package's dependencies into `<dir>/node_modules` offline, from the repository's node_modules (which
 * `npm ci` filled from package-lock.json): the same versions an install would pick, with no registry.
 * As npm 7+ does, it follows dependencies, optional dependencies and peers that are not optional; optional peers
 * (the SDK's `typescript` and `ts-node`) are left out, as a standalone install of the pack leaves them out.
 */
export function installOffline(dir: string, resolveFrom: string): void {
    const sourceRoot = path.join(fs.realpathSync(path.resolve(resolveFrom, "..")), "node_modules");
    const target = path.join(dir, "node_modules");
    const walked = new Set<string>();

    const place = (name: string, fromDir: string, optional: boolean) => {
        const pkgDir = findPackage(name, fromDir);
        if (!pkgDir) {
            if (optional) return;
            throw new Error(`${name} (needed from ${fromDir}) is not in the repository's node_modules: run npm ci`);
        }
        if (walked.has(pkgDir)) return;
        walked.add(pkgDir);
        const rel = path.relative(sourceRoot, pkgDir);
        if (rel.startsWith("..")) throw new Error(`${name} resolves outside ${sourceRoot}: ${pkgDir}`);
        // A package nested in another's node_modules travels with that package; a hoisted one is copied to the top.
        if (!rel.split(path.sep).includes("node_modules")) fs.cpSync(pkgDir, path.join(target, rel), { recursive: true });
        follow(readManifest(pkgDir), pkgDir);
    };
    const follow = (manifest: Manifest, fromDir: string) => {
        for (const name of Object.keys(manifest.dependencies ?? {})) place(name, fromDir, false);
        for (const name of Object.keys(manifest.optionalDependencies ?? {})) place(name, fromDir, true);
        for (const name of Object.keys(manifest.peerDependencies ?? {})) {
            if (!manifest.peerDependenciesMeta?.[name]?.optional) place(name, fromDir, false);
        }
    };
    fs.mkdirSync(target, { recursive: true });
    follow(readManifest(dir), resolveFrom);
}

/** Unpacks a tarball into a fresh folder outside the repository, so nothing resolves from the repository's node_modules. */
export function unpack(tarball: string): { dir: string; remove(): void } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pack-install-"));
    execFileSync("tar", ["-xzf", tarball, "-C", root]);
    return { dir: path.join(root, "package"), remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
