import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { launchPackOverGrpc } from "../../tools/analyzer/grpcPack";
import { runAnalysis } from "../../tools/analyzer/runAnalysis";
import { graphFromJson } from "../../tools/graph/graphFile";
import { FIXTURES, REPO_ROOT, runOfflinePreview } from "../support/offlinePreview";

/** The stacks and every evasion fixture: what the offline preview decided must be what the pack decides over the wire. */
function cases(): { label: string; args: string[] }[] {
    const out = [
        { label: "us-prod", args: ["--stack", "us-prod"] },
        { label: "us-staging", args: ["--stack", "us-staging"] },
        { label: "us-data-in-singapore", args: ["--cwd", path.join(FIXTURES, "us-data-in-singapore"), "--stack", "test"] },
    ];
    const evasion = path.join(FIXTURES, "evasion");
    if (fs.existsSync(evasion)) {
        for (const name of fs.readdirSync(evasion).sort()) {
            if (fs.existsSync(path.join(evasion, name, "Pulumi.test.yaml")))
                out.push({ label: `evasion/${name}`, args: ["--cwd", path.join(evasion, name), "--stack", "test"] });
        }
    }
    return out;
}

type Row = { policy: string; urn: string; level: string; message: string };
const key = (r: Row) => `${r.policy}\u0000${r.urn}\u0000${r.level}\u0000${r.message}`;
const sorted = (rows: Row[]) =>
    rows.map((r) => ({ policy: r.policy, urn: r.urn, level: r.level, message: r.message })).sort((a, b) => key(a).localeCompare(key(b)));

describe("the pack launched as the CLI launches it (run-policy-pack over gRPC) agrees with the offline preview", () => {
    const all = cases();
    const previews = new Map<string, ReturnType<typeof runOfflinePreview> & { graphPath: string }>();
    let conn: Awaited<ReturnType<typeof launchPackOverGrpc>>;

    beforeAll(async () => {
        process.env.RESIDENCY_POLICY_TODAY = "2026-11-29";
        conn = await launchPackOverGrpc(path.join(REPO_ROOT, "policies"));
        for (const c of all) {
            const graphPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "graph-")), "graph.json");
            previews.set(c.label, { ...runOfflinePreview([...c.args, "--graph", graphPath]), graphPath });
        }
    }, 600_000);

    afterAll(() => conn?.close());

    it("covers the stacks and the evasion fixtures", () => {
        expect(all.length).toBeGreaterThanOrEqual(3);
    });

    it.each(all.map((c) => [c.label]))("%s: same policies, URNs, levels and messages", async (label) => {
        const preview = previews.get(label)!;
        expect([0, 1]).toContain(preview.code);
        const graph = graphFromJson(JSON.parse(fs.readFileSync(preview.graphPath, "utf8")));
        const run = await runAnalysis(conn, graph, { stackConfig: {}, secretKeys: [], dryRun: true });
        const overWire = sorted(run.results);
        const offline = sorted([...preview.doc!.violations, ...preview.doc!.exempted]);
        expect(overWire).toEqual(offline);
    });
});
