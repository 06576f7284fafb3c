/**
 * One offline preview of a corpus program, as a user runs it (`node bin/preview.js --cwd <program> --stack <stack>`),
 * reduced to what the corpus table shows: the verdict or why there is none, the counts, and the time.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { loadPackInProcess } from "../analyzer/inProcessPack";
import { coreResidencyPolicies, packInfoFromWire } from "../analyzer/policyInfo";

export type ConfigName = "residency-only" | "defaults";

export interface PreviewOutcome {
    config: ConfigName;
    /** PASS / FAIL (exit 0 / 1), or no verdict (exit 2, a crash, the run's own deadline). */
    verdict: "pass" | "fail" | "no-verdict";
    exitCode: number | null;
    /** The preview's one-line error when there is no verdict. */
    reason?: string;
    mandatory: number;
    advisory: number;
    /** Mandatory results by policy, `offline-preview/...` for the preview's own findings. */
    byPolicy: Record<string, number>;
    /** Mandatory results a compliant-by-config program should never get: the core residency policies and the preview's own. */
    residencyMandatory: number;
    /** The first message of each policy that reported a mandatory result (for the table's notes). */
    firstMessages: Record<string, string>;
    /** The first mandatory residency result, `[key of byPolicy, message]`, when there is one. */
    firstResidency?: [string, string];
    seconds: number;
}

/** The first line of the preview's error: the last `error:` line of stderr, else its last line. */
export function oneLineReason(stderr: string): string {
    const lines = stderr.split("\n").map((l) => l.trim());
    const errors = lines.filter((l) => l.startsWith("error:"));
    const line = errors.length > 0 ? errors[errors.length - 1] : (lines.filter(Boolean).slice(-1)[0] ?? "no output");
    return line.replace(/^error:\s*/, "").slice(0, 300);
}

interface DocResult {
    policyPack: string;
    policy: string;
    level: string;
    message: string;
}

/** The pack's core residency policies, by the roles each declares with its code (policies/model/policyRoles.ts). */
export async function corePoliciesOf(packDir: string): Promise<ReadonlySet<string>> {
    return coreResidencyPolicies(packInfoFromWire(await loadPackInProcess(packDir).getAnalyzerInfo()));
}

/** A result of a core residency policy, or the preview's own. */
export function isResidencyResult(r: { policyPack: string; policy: string }, core: ReadonlySet<string>): boolean {
    return r.policyPack === "offline-preview" || core.has(r.policy);
}

export function summarizeDocument(
    doc: { violations: DocResult[] },
    core: ReadonlySet<string>,
): Pick<PreviewOutcome, "mandatory" | "advisory" | "byPolicy" | "residencyMandatory" | "firstMessages" | "firstResidency"> {
    const byPolicy: Record<string, number> = {};
    const firstMessages: Record<string, string> = {};
    let mandatory = 0;
    let advisory = 0;
    let residencyMandatory = 0;
    let firstResidency: [string, string] | undefined;
    for (const v of doc.violations) {
        if (v.level === "advisory") advisory++;
        if (v.level !== "mandatory") continue;
        mandatory++;
        const key = v.policyPack === "offline-preview" ? `offline-preview/${v.policy}` : v.policy;
        byPolicy[key] = (byPolicy[key] ?? 0) + 1;
        firstMessages[key] ??= v.message.split("\n")[0].slice(0, 300);
        if (isResidencyResult(v, core)) {
            residencyMandatory++;
            firstResidency ??= [key, firstMessages[key]];
        }
    }
    return { mandatory, advisory, byPolicy, residencyMandatory, firstMessages, ...(firstResidency ? { firstResidency } : {}) };
}

export interface PreviewRunOptions {
    repoRoot: string;
    programDir: string;
    stack: string;
    config: ConfigName;
    residencyOnlyConfig: string;
    jsonFile: string;
    timeoutSeconds: number;
    /** The pack's core residency policies (`corePoliciesOf`). */
    corePolicies: ReadonlySet<string>;
}

/** Runs the preview in its own process; the run's own deadline is the preview's `--timeout` plus a minute. */
export function runPreviewOf(opts: PreviewRunOptions): Promise<PreviewOutcome> {
    fs.rmSync(opts.jsonFile, { force: true });
    const args = [
        path.join(opts.repoRoot, "bin", "preview.js"),
        "--cwd",
        opts.programDir,
        "--stack",
        opts.stack,
        "--json",
        opts.jsonFile,
        "--timeout",
        String(opts.timeoutSeconds),
        ...(opts.config === "residency-only" ? ["--policy-pack-config", opts.residencyOnlyConfig] : []),
    ];
    const started = process.hrtime.bigint();
    return new Promise((resolve) => {
        const child = spawn(process.execPath, args, { cwd: opts.repoRoot, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => {
            stderr += d.toString();
            if (stderr.length > 1_000_000) stderr = stderr.slice(-500_000);
        });
        const deadline = setTimeout(() => child.kill("SIGKILL"), (opts.timeoutSeconds + 60) * 1000);
        child.on("close", (code, signal) => {
            clearTimeout(deadline);
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            const none = { mandatory: 0, advisory: 0, byPolicy: {}, residencyMandatory: 0, firstMessages: {} };
            if ((code === 0 || code === 1) && fs.existsSync(opts.jsonFile)) {
                const doc = JSON.parse(fs.readFileSync(opts.jsonFile, "utf8")) as { violations: DocResult[] };
                resolve({ config: opts.config, verdict: code === 0 ? "pass" : "fail", exitCode: code, seconds, ...summarizeDocument(doc, opts.corePolicies) });
                return;
            }
            const reason = signal ? `killed (${signal}) after ${Math.round(seconds)} s: the preview outlived its own --timeout` : oneLineReason(stderr);
            resolve({ config: opts.config, verdict: "no-verdict", exitCode: code, reason, seconds, ...none });
        });
    });
}
