/**
 * Issue 19, item 1: nothing else on the machine can reconfigure the pack. A pack takes one Configure per process,
 * the first (policies/analyzerLock.ts), started either way: by the offline preview's pack host and by
 * `run-policy-pack` as the CLI starts it. Every run checks the pack's proof of the config it judged with, and
 * SIGUSR1 does not open the pack's inspector. The attacks here are those of a local process of the same user, which
 * the program's box keeps the program from being: they find the pack through /proc (the preview's pack host serves on
 * a unix socket, run-policy-pack on a TCP port of 127.0.0.1) and dial it. They only touch processes this test started.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { AnalyzerConnection } from "../../tools/analyzer/connection";
import { type GrpcPack, launchPackHost, launchPackOverGrpc } from "../../tools/analyzer/grpcPack";
import { configureRequest, resolvePolicyConfig } from "../../tools/analyzer/policyConfig";
import { packInfoFromWire } from "../../tools/analyzer/policyInfo";
import { analyzergrpc, analyzerpb } from "../../tools/analyzer/proto";
import { runAnalysis } from "../../tools/analyzer/runAnalysis";
import { runsRoot } from "../../tools/preview/sandbox/sandbox";
import { bucket, kmsKey } from "../evasion/dsl/blocks";
import { Stack } from "../evasion/dsl/stack";
import { EVALUATION_DAY, FIXTURES, REPO_ROOT } from "../support/offlinePreview";
import { childrenOf, commandLineOf, listeningPorts, listeningUnixSockets, waitFor } from "../support/processes";

const POLICIES = path.join(REPO_ROOT, "policies");
const ECHO_PACK = path.join(FIXTURES, "packs", "config-echo");
const WAYS: [string, (dir: string) => Promise<GrpcPack>][] = [
    ["the offline preview's pack host", (dir) => launchPackHost(dir, 120_000)],
    ["run-policy-pack, as the CLI starts it", (dir) => launchPackOverGrpc(dir, 120_000, { ...process.env, RESIDENCY_POLICY_TODAY: EVALUATION_DAY })],
];

function usDataInSingapore(): Stack {
    const s = new Stack();
    const sg = s.aws("ap-southeast-1");
    bucket(s, "us-users-sg", sg, kmsKey(s, "sg-key", sg));
    return s;
}

const options = (s: Stack) => ({ stackConfig: s.config, secretKeys: [], dryRun: true });

/** Where the pack `pid` listens, as a local process finds it through /proc: its one TCP port or its one unix socket. */
function packAddresses(pid: number): string[] {
    return [...listeningPorts(pid).map((p) => `127.0.0.1:${p}`), ...listeningUnixSockets(pid).map((s) => `unix:${s}`)];
}

/** A client of the pack that is not the parent: what a local process of the pack's user could open. */
function stranger(pid: number): analyzergrpc.AnalyzerClient {
    const addresses = packAddresses(pid);
    expect(addresses).toHaveLength(1);
    return new analyzergrpc.AnalyzerClient(addresses[0], grpc.credentials.createInsecure());
}

function unary<Req, Resp>(f: (req: Req, cb: (err: grpc.ServiceError | null, resp: Resp) => void) => unknown, req: Req): Promise<Resp> {
    return new Promise((resolve, reject) => f(req, (err, resp) => (err ? reject(err) : resolve(resp))));
}

/** The stranger's Configure: every policy of the pack disabled. */
async function disableEverything(client: analyzergrpc.AnalyzerClient): Promise<void> {
    const info = packInfoFromWire(await unary(client.getAnalyzerInfo.bind(client), new Empty()));
    await unary(client.configure.bind(client), configureRequest(resolvePolicyConfig(info, { all: "disabled" }, "stranger")));
}

const mandatoryOn = (results: { level: string; name: string }[], name: string) => results.filter((r) => r.level === "mandatory" && r.name === name);

describe.each(WAYS)("a pack started by %s", (_way, launch) => {
    let conn: GrpcPack | undefined;
    let client: analyzergrpc.AnalyzerClient | undefined;
    afterEach(() => {
        client?.close();
        conn?.close();
        client = conn = undefined;
    });

    it("refuses a second client's Configure after the parent's, and judges as before", async () => {
        conn = await launch(POLICIES);
        const s = usDataInSingapore();
        const first = await runAnalysis(conn, s.graph(), options(s));
        expect(mandatoryOn(first.results, "us-users-sg").length).toBeGreaterThan(0);
        client = stranger(conn.process.pid!);
        await expect(disableEverything(client)).rejects.toMatchObject({ code: grpc.status.FAILED_PRECONDITION });
        const again = await runAnalysis(conn, s.graph(), options(s));
        expect(again.results).toEqual(first.results);
    });

    it("stops the run when a stranger's Configure came first: the parent's is refused, no verdict", async () => {
        conn = await launch(POLICIES);
        client = stranger(conn.process.pid!);
        await disableEverything(client);
        const s = usDataInSingapore();
        await expect(runAnalysis(conn, s.graph(), options(s))).rejects.toThrow(
            /^policy pack 'us-data-residency' \(policies\) refused Configure: .*one Configure per process.*Something else configured it first; no verdict$/,
        );
    });

    it("ignores SIGUSR1: no inspector opens, and the pack still answers", async () => {
        conn = await launch(POLICIES);
        let stderr = "";
        conn.process.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
        const pid = conn.process.pid!;
        process.kill(pid, "SIGUSR1");
        // Node opens the inspector (or says it could not) within milliseconds of the signal.
        await new Promise((r) => setTimeout(r, 2_000));
        expect(stderr).not.toMatch(/Debugger listening|inspector/i);
        expect(listeningPorts(pid)).not.toContain(9229);
        expect((await conn.getAnalyzerInfo()).getName()).toBe("us-data-residency");
    });
});

describe("the offline preview's pack host", () => {
    let conn: GrpcPack | undefined;
    afterEach(() => {
        conn?.close();
        conn = undefined;
    });

    it("listens on no TCP port, only on the unix socket it was given, in folders only its user may enter (0700)", async () => {
        conn = await launchPackHost(POLICIES, 120_000);
        const pid = conn.process.pid!;
        const args = commandLineOf(pid);
        const socket = args[args.indexOf("--socket") + 1];
        expect(listeningPorts(pid)).toEqual([]);
        expect(listeningUnixSockets(pid)).toEqual([socket]);
        expect(path.dirname(path.dirname(socket))).toBe(runsRoot());
        for (const dir of [path.dirname(socket), runsRoot()]) {
            const st = fs.lstatSync(dir);
            expect({ dir, directory: st.isDirectory(), mode: (st.mode & 0o777).toString(8), uid: st.uid }).toEqual({
                dir,
                directory: true,
                mode: "700",
                uid: process.getuid!(),
            });
        }
    });
});

describe("the parent checks the pack's proof of the config it judged with", () => {
    let conn: GrpcPack | undefined;
    let client: analyzergrpc.AnalyzerClient | undefined;
    afterEach(() => {
        client?.close();
        conn?.close();
        client = conn = undefined;
    });

    it("stops the run when the pack judged with another config than the parent sent (a lock defeated: a stranger's config stays)", async () => {
        conn = await launchPackHost(POLICIES, 120_000);
        client = stranger(conn.process.pid!);
        await disableEverything(client);
        // Stands for a lock that failed: the parent's Configure "succeeds" and the stranger's config is what the pack applies.
        const defeated: AnalyzerConnection = { ...conn, configure: async () => undefined };
        const s = usDataInSingapore();
        await expect(runAnalysis(defeated, s.graph(), options(s))).rejects.toThrow(
            /^policy pack 'us-data-residency' \(policies\) judged with another policy config than this run sent \(it applied sha256:[0-9a-f]{64}; sent sha256:[0-9a-f]{64}\): something else configured it; no verdict$/,
        );
    });

    it("stops the run when the pack gives no proof", async () => {
        conn = await launchPackHost(POLICIES, 120_000);
        const live = conn;
        const silent: AnalyzerConnection = {
            ...live,
            analyzeStack: async (req, deadline) => {
                const resp = await live.analyzeStack(req, deadline);
                resp.setNotApplicableList([]);
                return resp;
            },
        };
        const s = usDataInSingapore();
        await expect(runAnalysis(silent, s.graph(), options(s))).rejects.toThrow(
            /^policy pack 'us-data-residency' \(policies\) gave no proof of the policy config it judged with/,
        );
    });

    it("the pack host locks a pack that does not lock itself", async () => {
        conn = await launchPackHost(ECHO_PACK, 120_000);
        const req = new analyzerpb.ConfigureAnalyzerRequest();
        await conn.configure(req);
        await expect(conn.configure(req)).rejects.toMatchObject({ code: grpc.status.FAILED_PRECONDITION });
    });
});

describe("the offline preview when something configured its pack before it did", () => {
    it("exits 2 naming the refused Configure, and writes no verdict, JSON, report or graph", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "configured-first-"));
        // The program in a folder of this test's, with the repository's packages: its box shows it the folder it
        // runs from, so a file the test writes there tells it to go on.
        const project = path.join(dir, "program");
        fs.cpSync(path.join(FIXTURES, "hostile", "pack-configured-first"), project, { recursive: true });
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project, "node_modules"));
        const go = path.join(project, "go");
        const outputs = ["preview.json", "report.md", "graph.json"].map((f) => path.join(dir, f));
        const preview = spawn(
            process.execPath,
            [
                path.join(REPO_ROOT, "bin", "preview.js"),
                ...["--cwd", project, "--stack", "test"],
                ...["--json", outputs[0], "--report", outputs[1], "--graph", outputs[2]],
            ],
            { cwd: REPO_ROOT, env: { ...process.env, RESIDENCY_POLICY_TODAY: EVALUATION_DAY }, stdio: ["ignore", "pipe", "pipe"] },
        );
        let stdout = "";
        let stderr = "";
        preview.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        preview.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<number | null>((resolve) => preview.once("exit", (code) => resolve(code)));
        let client: analyzergrpc.AnalyzerClient | undefined;
        try {
            // The preview's pack: the child running packHost.js, once it listens.
            const packPid = await waitFor(
                "the preview's pack to listen",
                () => childrenOf(preview.pid!).find((pid) => commandLineOf(pid).some((a) => a.endsWith("packHost.js")) && packAddresses(pid).length === 1),
                120_000,
            );
            client = stranger(packPid);
            await disableEverything(client);
            fs.writeFileSync(go, "");
            expect(await exited).toBe(2);
        } finally {
            client?.close();
            if (preview.exitCode === null) preview.kill("SIGKILL");
        }
        const errors = stderr.split("\n").filter((l) => l.startsWith("error: "));
        expect(errors).toEqual([expect.stringMatching(/^error: policy pack 'us-data-residency' \(policies\) refused Configure: .*no verdict$/)]);
        expect(stdout).not.toMatch(/PASS|Verdict/);
        for (const f of outputs) expect(fs.existsSync(f)).toBe(false);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
