import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn, spawnSync } from "child_process";
import { EVALUATION_DAY, FIXTURES, mandatory, REPO_ROOT, runOfflinePreview } from "../support/offlinePreview";
import { BEHIND_UNKNOWNS } from "../../tools/preview/behindUnknowns";
import { listeningUnixSockets } from "../support/processes";

const HOSTILE = path.join(FIXTURES, "hostile");
/**
 * The deadline counts from the program's first request to the engine (its SDK loaded), with as long again to get
 * there. Programs that are meant to hang get a short one; the rest a roomy one.
 */
const HANG = 5;
const ROOMY = 60;
/** Node 24 runs the program under Node's permission model inside its box; an older Node, in the box alone. */
const PERMISSION_MODEL = process.allowedNodeEnvironmentFlags.has("--allow-inspector");
/**
 * What the trusted parent decides from what it saw (settlement, deadlines, the second pass) is the same whatever Node
 * the program runs on: those run under the project's Node 24 only. The older Node's run (.ci/run) keeps to what
 * differs there, the box without the permission model, SIGUSR1 and the memory ceiling.
 */
const describeParentDecides = PERMISSION_MODEL ? describe : describe.skip;

function hostile(name: string, extra: string[] = [], timeout = ROOMY, stack = "test") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-"));
    const report = path.join(dir, "report.md");
    const run = runOfflinePreview(["--cwd", path.join(HOSTILE, name), "--stack", stack, "--timeout", String(timeout), "--report", report, ...extra]);
    return { ...run, reportWritten: fs.existsSync(report) };
}

/** The JSON a hostile program printed after `label: ` on its output, as the preview shows it on stderr. */
function reported(stderr: string, label: string): Record<string, unknown> {
    const line = stderr.split("\n").find((l) => l.includes(`${label}: `));
    expect(line).toBeDefined();
    return JSON.parse(line!.slice(line!.indexOf(`${label}: `) + label.length + 2));
}

function expectNoVerdict(run: ReturnType<typeof hostile>, reason: RegExp) {
    expect(run.code).toBe(2);
    const errors = run.stderr.split("\n").filter((l) => l.startsWith("error: "));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(reason);
    expect(run.stdout).not.toContain("Policy results");
    expect(run.stdout).not.toContain("PASS");
    expect(run.doc).toBeUndefined();
    expect(run.reportWritten).toBe(false);
}

describeParentDecides("a program that does not settle, or fails late, stops the preview with exit 2 and no verdict", () => {
    it.each([
        ["never-settling-output", HANG, /never settled/],
        ["never-settling-main", HANG, /never settled/],
        ["set-interval", 10, /did not exit within 10 s \(--timeout\) after it settled: a timer/],
        ["late-async-throw", ROOMY, /the program failed: .*late failure inside an apply/],
        // The SDK's own exit hook turns the early exit into code 1 when promises were still pending; either way no verdict.
        ["exit-after-registering", ROOMY, /exited with code 0 before it settled|exited with code 1: debug information about the leaked promises/],
    ])("%s", (name, timeout, reason) => {
        expectNoVerdict(hostile(name, [], timeout), reason);
    });
});

describeParentDecides("a program cannot change the verdict by tampering with its own process", () => {
    // The labelled bucket in the wrong place is reported by store-in-location-approved-for-its-label.
    it.each(["exit-code-tampering", "json-stringify-tampering"])("%s: exit 1 with the Singapore bucket rejected", (name) => {
        const run = hostile(name);
        expect(run.code).toBe(1);
        const v = mandatory(run, "store-in-location-approved-for-its-label");
        expect(v.map((x) => x.name)).toEqual(["us-users-sg"]);
        expect(run.reportWritten).toBe(true);
    });

    it("env-tampering: the evaluation date comes from the preview's environment, so the expired exemption stays expired", () => {
        const run = hostile("env-tampering", ["--policy-pack-config", path.join(HOSTILE, "env-tampering", "policy-config.json")]);
        expect(run.code).toBe(1);
        expect(mandatory(run, "store-in-location-approved-for-its-label").map((x) => x.name)).toEqual(["us-users-migrating"]);
        expect(run.doc!.exempted).toEqual([]);
    });

    it("forged-channel: a forged 'settled' message on every descriptor, then exit 0 with nothing registered: exit 2, no verdict", () => {
        expectNoVerdict(hostile("forged-channel"), /the program (exited with code 0|was killed by SIG\w+|exited with code \d+)/);
    });
});

describeParentDecides("the engine decides whether the second pass runs: every trick that hid a resource from the old watch is found", () => {
    it.each(["promise-then", "interpolate-tostring", "jsonstringify-tojson", "rerequired-output-module", "capture-stack-trace", "dry-run-from-store"])(
        "%s: exit 1, the hidden Singapore bucket named",
        (trick) => {
            const run = hostile("watch-tricks", [], ROOMY, trick);
            expect(run.code).toBe(1);
            expect(run.stderr).toContain("second pass (every output known)");
            expect(mandatory(run, BEHIND_UNKNOWNS).map((v) => v.name)).toEqual(["us-users-hidden"]);
            expect(mandatory(run, "store-in-location-approved-for-its-label").map((v) => v.name)).toEqual(["us-users-hidden"]);
        },
    );
});

describe("a program cannot reach past its box", () => {
    afterAll(() => fs.rmSync(path.join(HOSTILE, "filesystem-tampering", "node_modules"), { recursive: true, force: true }));

    it("filesystem-tampering: it cannot rewrite the pack or the tools, leave code for the next run, plant an addon, or start a process; its own project it writes only in its box", () => {
        const packBefore = fs.readFileSync(path.join(REPO_ROOT, "policies", "bin", "index.js"), "utf8");
        const project = path.join(HOSTILE, "filesystem-tampering");
        const projectFileBefore = fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8");
        const modules = path.join(project, "node_modules");
        fs.mkdirSync(modules, { recursive: true });
        fs.writeFileSync(path.join(modules, "marker.txt"), "installed");
        // The transpile cache's folder exists, as after any earlier preview: the program tries to write an entry in it.
        fs.mkdirSync(path.join(REPO_ROOT, "node_modules", ".cache", "us-data-residency-transpile", "00"), { recursive: true });
        const run = hostile("filesystem-tampering");
        const attempts = reported(run.stderr, "attempts");
        // The permission model lets the program write its /tmp; a checkout under /tmp is inside it, and only the box's
        // read-only bind refuses the write there.
        const refused = PERMISSION_MODEL && !REPO_ROOT.startsWith("/tmp/") ? "ERR_ACCESS_DENIED" : "EROFS";
        expect(attempts.pack).toBe(refused);
        expect(attempts.tools).toBe(refused);
        // No compile cache of its own, and none of the preview's it can write: nothing it writes outlives its run.
        expect(attempts.compileCache).toBe("none");
        expect(attempts.cache).toBe(refused);
        expect(attempts.transpileCache).toBe(refused);
        expect(fs.existsSync(path.join(REPO_ROOT, "node_modules", ".cache", "us-data-residency-transpile", "00", `${"0".repeat(64)}.json`))).toBe(false);
        expect(fs.existsSync(path.join(REPO_ROOT, "node_modules", ".cache", "us-data-residency-compile", "program-poison"))).toBe(false);
        // A real addon copied into its /tmp: no addon loads under the permission model; without it, nothing the
        // program wrote can be mapped as code (its writable folders are noexec).
        expect(attempts.addon).toBe(PERMISSION_MODEL ? "ERR_DLOPEN_DISABLED" : "ERR_DLOPEN_FAILED");
        // Without the permission model a process may start, but only inside the same box.
        if (PERMISSION_MODEL) expect(attempts.spawn).toBe("ERR_ACCESS_DENIED");
        expect(fs.readFileSync(path.join(REPO_ROOT, "policies", "bin", "index.js"), "utf8")).toBe(packBefore);
        expect(fs.existsSync(path.join(REPO_ROOT, "tools", "preview", "tampered.js"))).toBe(false);
        // Its own project it writes as under the CLI, and reads back; the writes stay in a layer of its box.
        expect(attempts.project).toBe("done");
        expect(fs.existsSync(path.join(project, "written-by-program.txt"))).toBe(false);
        expect(fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8")).toBe(projectFileBefore);
        // Its installed packages stay as they were, read-only, even inside its box.
        expect(attempts.projectModules).toBe("EROFS");
        expect(fs.readFileSync(path.join(modules, "marker.txt"), "utf8")).toBe("installed");
        expect(run.code).toBe(1);
        expect(mandatory(run, "store-in-location-approved-for-its-label").map((x) => x.name)).toEqual(["us-users-sg"]);
    });

    it("addon-write: installed native addons that write (@parcel/watcher's snapshot, swc's cache) write nothing outside the box", () => {
        const bin = path.join(REPO_ROOT, "policies", "bin");
        const run = hostile("addon-write");
        const attempts = reported(run.stderr, "addon attempts");
        expect(attempts.watcher).not.toBe("done");
        expect(attempts.swc).not.toBe("done");
        // swc's loader catches the refusal and throws its own error in its place.
        if (PERMISSION_MODEL)
            expect(attempts).toEqual({ watcher: "ERR_DLOPEN_DISABLED", swc: expect.stringMatching(/^(ERR_DLOPEN_DISABLED|Failed to load native binding)/) });
        expect(fs.existsSync(path.join(bin, "watcher-snapshot.txt"))).toBe(false);
        expect(fs.existsSync(path.join(bin, "swc-cache"))).toBe(false);
        expect(run.code).toBe(1);
        expect(mandatory(run, "store-in-location-approved-for-its-label").map((x) => x.name)).toEqual(["us-users-sg"]);
    });

    it("reach-out: it can signal no process, open no inspector, and connect to no port or socket of the host", () => {
        const run = hostile("reach-out");
        expect(reported(run.stderr, "reached")).toEqual({ signalled: [], inspector: expect.stringMatching(/^E/), tcp: [], unix: [], otherProcesses: [] });
        expect(run.code).toBe(1);
        expect(mandatory(run, "store-in-location-approved-for-its-label").map((x) => x.name)).toEqual(["us-users-sg"]);
    });
});

/** Listening TCP sockets that belong to `pid` (by the socket inodes among its descriptors). */
function listeningTcpOf(pid: number): string[] {
    let fds: string[];
    try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
        return [];
    }
    const inodes = new Set<string>();
    for (const fd of fds) {
        try {
            const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
            if (m) inodes.add(m[1]);
        } catch {
            // closed meanwhile
        }
    }
    const listening: string[] = [];
    for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
        for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
            const cols = line.trim().split(/\s+/);
            if (cols[3] === "0A" && inodes.has(cols[9])) listening.push(cols[1]);
        }
    }
    return listening;
}

function childrenOf(pid: number): number[] {
    try {
        return fs
            .readdirSync(`/proc/${pid}/task`)
            .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
        return [];
    }
}

describe("SIGUSR1 opens no debugger into the processes that judge", () => {
    it("sent to the preview's parent and to its pack while they run: neither listens on TCP, and the verdict is unchanged", async () => {
        const fixture = path.join(HOSTILE, "exit-code-tampering");
        const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "usr1-")), "preview.json");
        const parent = spawn(process.execPath, [path.join(REPO_ROOT, "bin", "preview.js"), "--cwd", fixture, "--stack", "test", "--json", json], {
            cwd: REPO_ROOT,
            env: { ...process.env, RESIDENCY_POLICY_TODAY: EVALUATION_DAY },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        parent.stderr.on("data", (d) => (stderr += d));
        parent.stdout.resume();
        const exited = new Promise<number>((resolve) => parent.once("close", (code) => resolve(code ?? -1)));
        // The pack's process is the parent's child that runs packHost.js.
        let pack: number | undefined;
        for (let i = 0; i < 600 && pack === undefined; i++) {
            await new Promise((r) => setTimeout(r, 100));
            pack = childrenOf(parent.pid!).find((c) => {
                try {
                    return fs.readFileSync(`/proc/${c}/cmdline`, "utf8").includes("packHost.js");
                } catch {
                    return false;
                }
            });
        }
        expect(pack).toBeDefined();
        // While they run: once the pack serves. (A signal in the first milliseconds of Node's start-up, before any
        // code of ours runs, ends the pack: no verdict, never a PASS.)
        for (let i = 0; i < 600 && listeningUnixSockets(pack!).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        expect(listeningUnixSockets(pack!)).toHaveLength(1);
        process.kill(parent.pid!, "SIGUSR1");
        process.kill(pack!, "SIGUSR1");
        await new Promise((r) => setTimeout(r, 500));
        expect(listeningTcpOf(parent.pid!)).toEqual([]);
        expect(listeningTcpOf(pack!)).toEqual([]);
        expect(stderr).not.toContain("Debugger listening");
        expect(await exited).toBe(1);
        const doc = JSON.parse(fs.readFileSync(json, "utf8"));
        expect(doc.violations.filter((v: { level: string }) => v.level === "mandatory").map((v: { name: string }) => v.name)).toContain("us-users-sg");
    });
});

describe("a runaway program", () => {
    it("hits the memory ceiling: exit 2 with a clear message, not a V8 abort", () => {
        const run = hostile("runaway-memory", ["--max-program-memory", "256"]);
        expect(run.code).toBe(2);
        // V8 now and then fails an internal check instead of reporting its heap limit when the limit is reached while
        // it compiles (seen once in CI: "Check failed: needs_context && ..."): exit 2 all the same, and said so.
        expect(run.stderr).toMatch(
            /error: (the program ran out of memory: it needed more than 256 MB \(--max-program-memory\)|the program's Node process aborted on an internal V8 error \(Check failed: .*--max-program-memory \(256 MB\))/,
        );
        expect(run.doc).toBeUndefined();
    });
});

describe("the preview's own process", () => {
    it("loads neither the program, nor @pulumi/aws, nor the SDK's language-host runner: they run in the program's process", () => {
        const modules = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modules-")), "modules.json");
        const fixture = path.join(HOSTILE, "exit-code-tampering");
        const res = spawnSync(
            process.execPath,
            ["-r", path.join(REPO_ROOT, "test", "support", "recordModules.js"), path.join(REPO_ROOT, "bin", "preview.js"), "--cwd", fixture, "--stack", "test"],
            {
                cwd: REPO_ROOT,
                encoding: "utf8",
                env: { ...process.env, RECORD_MODULES_FILE: modules, RESIDENCY_POLICY_TODAY: EVALUATION_DAY },
                timeout: 120_000,
            },
        );
        expect(res.status).toBe(1);
        const loaded: string[] = JSON.parse(fs.readFileSync(modules, "utf8"));
        expect(loaded.some((m) => m.endsWith(path.join("tools", "preview", "cli.ts")))).toBe(true);
        expect(loaded.filter((m) => m.startsWith(fixture) || m.includes(`${path.sep}@pulumi${path.sep}aws${path.sep}`))).toEqual([]);
        expect(loaded.filter((m) => m.includes(path.join("@pulumi", "pulumi", "cmd", "run")))).toEqual([]);
        // ts-node only as the tools' own copy, which transpiles the program's files as data (program/transpileFill.ts).
        const gateTsNode = path.join(REPO_ROOT, "node_modules", "ts-node") + path.sep;
        expect(loaded.filter((m) => m.includes(`${path.sep}ts-node${path.sep}`) && !m.startsWith(gateTsNode))).toEqual([]);
    });
});
