import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ProgramProcessRequest, ProgramProcessResult } from "./programProcess";
import { programEnvironment } from "./programEnvironment";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * Starts the second pass: the program once more, in a process of its own, with every output known. Runs
 * while the first pass is analyzed; the promise settles with what the program registered (or why it could not run).
 */
export interface KnownPass {
    result: Promise<ProgramProcessResult>;
    /** Stops the pass when the preview ends without it (bad input found first). */
    cancel(): void;
}

export function startKnownPass(cwd: string, stack: string, stackOutputs: string[]): KnownPass {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "known-pass-"));
    const request: ProgramProcessRequest = { cwd, stack, stackOutputs, knownOutputs: true, resultFile: path.join(dir, "result.json") };
    const entry = `require(${JSON.stringify(path.join(REPO_ROOT, "tools", "register-ts"))});require(${JSON.stringify(path.join(REPO_ROOT, "tools", "preview", "programProcess"))}).programProcessMain(JSON.parse(process.argv[1])).then(()=>process.exit(0),(e)=>{process.stderr.write(String(e&&e.stack||e)+"\\n");process.exit(2)})`;
    const child = spawn(process.execPath, ["-e", entry, JSON.stringify(request)], {
        env: programEnvironment(process.env).env,
        stdio: ["ignore", "ignore", "pipe"],
    });
    const result = new Promise<ProgramProcessResult>((resolve) => {
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d.toString()));
        child.on("close", (code) => {
            try {
                resolve(JSON.parse(fs.readFileSync(request.resultFile, "utf8")) as ProgramProcessResult);
            } catch {
                resolve({ ok: false, userInput: false, message: `the second pass exited with ${code} and no result: ${stderr.trim().slice(-2000)}` });
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
    return { result, cancel: () => child.kill() };
}
