import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { launchPackOverGrpc } from "../../tools/analyzer/grpcPack";
import { configureRequest, resolvePolicyConfig } from "../../tools/analyzer/policyConfig";
import { packInfoFromWire } from "../../tools/analyzer/policyInfo";
import { runAnalysis } from "../../tools/analyzer/runAnalysis";
import { graphFromJson } from "../../tools/graph/graphFile";
import { FIXTURES, runOfflinePreview } from "../support/offlinePreview";
import { OUR_PACK } from "./packCopy";
import { installOffline, packTarball, unpack } from "./standaloneInstall";

// `pulumi policy publish` packs policies/ with `npm pack`; Pulumi Cloud installs that tarball on its own and starts it
// with run-policy-pack. Here: the same tarball, installed alone outside the repository with no registry, started as
// the CLI starts a pack, must answer GetAnalyzerInfo and AnalyzeStack exactly as the repository's pack does.

const POLICY_CONFIG = JSON.parse(fs.readFileSync(path.join(OUR_PACK, "config.example.json"), "utf8"));
const STACKS = [
    { label: "us-prod", args: ["--stack", "us-prod"] },
    { label: "us-data-in-singapore", args: ["--cwd", path.join(FIXTURES, "us-data-in-singapore"), "--stack", "test"] },
];

type Pack = Awaited<ReturnType<typeof launchPackOverGrpc>>;

describe("the published pack (npm pack of policies/) starts standalone and matches the repository's pack", () => {
    let work: string;
    let files: string[];
    let installed: ReturnType<typeof unpack>;
    let ours: Pack;
    let published: Pack;

    beforeAll(async () => {
        process.env.RESIDENCY_POLICY_TODAY = "2026-11-29";
        work = fs.mkdtempSync(path.join(os.tmpdir(), "published-pack-"));
        const packed = packTarball(work);
        files = packed.files;
        installed = unpack(packed.tarball);
        installOffline(installed.dir, OUR_PACK);
        [ours, published] = await Promise.all([launchPackOverGrpc(OUR_PACK, 120_000), launchPackOverGrpc(installed.dir, 120_000)]);
    }, 300_000);

    afterAll(() => {
        ours?.close();
        published?.close();
        installed?.remove();
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("ships the compiled pack and its launcher, without tsconfig.json or TypeScript sources", () => {
        expect(files).toEqual(expect.arrayContaining(["PulumiPolicy.yaml", "package.json", "launch.js", "build.js", "bin/index.js"]));
        expect(files.filter((f) => f === "tsconfig.json" || f.endsWith(".ts"))).toEqual([]);
    });

    it("is installed where neither typescript nor ts-node resolves (run-policy-pack falls back to its vendored TypeScript 3.8)", () => {
        expect(() => require.resolve("typescript", { paths: [installed.dir] })).toThrow();
        expect(() => require.resolve("ts-node", { paths: [installed.dir] })).toThrow();
        expect(fs.realpathSync(require.resolve("@pulumi/policy", { paths: [installed.dir] }))).toContain(fs.realpathSync(installed.dir));
    });

    it("answers GetAnalyzerInfo as the repository's pack does", async () => {
        const [a, b] = await Promise.all([ours.getAnalyzerInfo(), published.getAnalyzerInfo()]);
        const info = packInfoFromWire(b);
        expect(info.policies.length).toBeGreaterThan(5);
        expect(info).toEqual(packInfoFromWire(a));
    });

    it.each(STACKS.map((s) => [s.label, s.args] as const))("%s: same AnalyzeStack and Analyze results", async (_label, args) => {
        const graphPath = path.join(work, `${_label}.graph.json`);
        const preview = runOfflinePreview([...args, "--graph", graphPath]);
        expect([0, 1]).toContain(preview.code);
        const graph = graphFromJson(JSON.parse(fs.readFileSync(graphPath, "utf8")));
        const opts = { policyConfigFile: POLICY_CONFIG, stackConfig: {}, secretKeys: [], dryRun: true };
        // A pack per run, as the engine starts one: a pack takes one configuration per process.
        const packs = await Promise.all([launchPackOverGrpc(OUR_PACK, 120_000), launchPackOverGrpc(installed.dir, 120_000)]);
        try {
            // runAnalysis also checks each pack's proof that it judged with this config.
            const [fromRepo, fromTarball] = await Promise.all(packs.map((p) => runAnalysis(p, graph, opts)));
            expect(fromRepo.results.length).toBeGreaterThan(0);
            expect(fromTarball.results).toEqual(fromRepo.results);
        } finally {
            for (const p of packs) p.close();
        }
    });

    it("takes one Configure per process, as the repository's pack does", async () => {
        const req = configureRequest(resolvePolicyConfig(packInfoFromWire(await published.getAnalyzerInfo()), {}, "test"));
        await published.configure(req);
        await expect(
            published.configure(configureRequest(resolvePolicyConfig(packInfoFromWire(await published.getAnalyzerInfo()), { all: "disabled" }, "test"))),
        ).rejects.toMatchObject({
            code: 9,
        });
    });

    it("would not start with tsconfig.json in it (TS6046 from the vendored TypeScript): the reason `files` leaves it out", async () => {
        fs.copyFileSync(path.join(OUR_PACK, "tsconfig.json"), path.join(installed.dir, "tsconfig.json"));
        try {
            await expect(launchPackOverGrpc(installed.dir, 120_000)).rejects.toThrow(/TS6046/);
        } finally {
            fs.rmSync(path.join(installed.dir, "tsconfig.json"));
        }
    });
});
