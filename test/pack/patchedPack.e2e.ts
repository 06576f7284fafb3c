import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { launchPackHost, launchPackOverGrpc } from "../../tools/analyzer/grpcPack";
import { packInfoFromWire } from "../../tools/analyzer/policyInfo";
import { runOfflinePreview } from "../support/offlinePreview";
import { copyOurPack } from "./packCopy";

// policies/bin is what runs. A script that runs after the build (a dependency's lifecycle script, a workflow step, a
// program) could patch it and leave the source digest as it was: the launcher would see sources and digest agree and
// run the patched rules. The build records a digest of bin/ itself, and the launcher checks it on every start.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require("../../policies/build.js") as { binDigest(binDir: string): string; BIN_DIGEST_FILE: string };

const RULE_JS = path.join("bin", "rules", "usTrafficSteeredToOci.js");
const POLICY = "us-traffic-steered-to-oci";
const ORIGINAL = "A DNS steering policy answers US users";

async function descriptionOverWire(packDir: string): Promise<string | undefined> {
    const pack = await launchPackOverGrpc(packDir, 120_000);
    try {
        return packInfoFromWire(await pack.getAnalyzerInfo()).policies.find((p) => p.name === POLICY)?.description;
    } finally {
        pack.close();
    }
}

function patchRule(packDir: string): void {
    const file = path.join(packDir, RULE_JS);
    const js = fs.readFileSync(file, "utf8");
    expect(js).toContain(ORIGINAL);
    fs.writeFileSync(file, js.replace(ORIGINAL, `Patched after the build. ${ORIGINAL}`));
}

/** What deploy.yml computes in bin/ with coreutils only (no script of the checkout). */
function coreutilsDigest(binDir: string): string {
    const pipeline = "find . -type f ! -path ./.bin-digest | sed 's|^\\./||' | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum | cut -d' ' -f1";
    const res = spawnSync("bash", ["-c", pipeline], { cwd: binDir, encoding: "utf8" });
    expect(res.status).toBe(0);
    return res.stdout.trim();
}

describe("a pack whose bin/ was changed after the build does not start", () => {
    const copies: { remove(): void }[] = [];
    const copy = (label: string) => {
        const c = copyOurPack(label);
        copies.push(c);
        return c.dir;
    };
    afterAll(() => copies.forEach((c) => c.remove()));

    it("records the digest of bin/ that coreutils compute, and that digest covers every file the build wrote", () => {
        const dir = copy("digest");
        const binDir = path.join(dir, "bin");
        const recorded = fs.readFileSync(path.join(binDir, build.BIN_DIGEST_FILE), "utf8").trim();
        expect(recorded).toMatch(/^[0-9a-f]{64}$/);
        expect(build.binDigest(binDir)).toBe(recorded);
        expect(coreutilsDigest(binDir)).toBe(recorded);
        fs.appendFileSync(path.join(binDir, ".source-digest"), " ");
        expect(coreutilsDigest(binDir)).not.toBe(recorded);
        expect(build.binDigest(binDir)).toBe(coreutilsDigest(binDir));
    });

    it("refuses a patched rule when the CLI starts the pack (run-policy-pack), naming what happened", async () => {
        const dir = copy("patched-cli");
        patchRule(dir);
        await expect(launchPackOverGrpc(dir, 120_000)).rejects.toThrow(/bin\/ was changed after it was built[\s\S]*npm run build:policies/);
    }, 300_000);

    it("refuses a file added to bin/ after the build, in the offline preview's pack host too", async () => {
        const dir = copy("added-host");
        fs.writeFileSync(path.join(dir, "bin", "extra.js"), "module.exports = 1;\n");
        await expect(launchPackHost(dir, 120_000)).rejects.toThrow(/bin\/ was changed after it was built/);
    }, 300_000);

    it("refuses a symlink placed in bin/", async () => {
        const dir = copy("symlink");
        fs.symlinkSync(path.join(dir, "bin", "index.js"), path.join(dir, "bin", "alias.js"));
        await expect(launchPackOverGrpc(dir, 120_000)).rejects.toThrow(/bin\/ cannot be checked: .*'alias.js' is not a regular file/);
    }, 300_000);

    it("rebuilds from the sources when the recorded digest was removed with the patch: the patch never runs", async () => {
        const dir = copy("no-digest");
        patchRule(dir);
        fs.rmSync(path.join(dir, "bin", build.BIN_DIGEST_FILE));
        expect(await descriptionOverWire(dir)).toMatch(new RegExp(`^${ORIGINAL}`));
    }, 300_000);

    it("refuses a patched compiled-only (published) pack: no sources to rebuild from, the recorded digest still holds", async () => {
        const dir = copy("published");
        fs.rmSync(path.join(dir, "tsconfig.json"));
        expect(await descriptionOverWire(dir)).toMatch(new RegExp(`^${ORIGINAL}`));
        patchRule(dir);
        await expect(launchPackOverGrpc(dir, 120_000)).rejects.toThrow(/bin\/ was changed after it was built/);
    }, 300_000);

    it("gives the offline preview no verdict (exit 2, no PASS) with a patched pack", () => {
        const dir = copy("patched-preview");
        patchRule(dir);
        const run = runOfflinePreview(["--stack", "us-prod", "--policy-pack", dir]);
        expect(run.code).toBe(2);
        expect(run.doc).toBeUndefined();
        expect(run.stdout).not.toMatch(/PASS/);
        expect(run.stderr).toMatch(/bin\/ was changed after it was built/);
    }, 300_000);
});
