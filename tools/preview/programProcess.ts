/**
 * The parent's side of the program host: starts the program in its own process (the language-host role),
 * reads the registrations it streams, and accepts its graph only when the program settled, exited by
 * itself with code 0, and did both within the deadline. Anything else is a one-line reason to stop.
 */
import type { ChildProcess } from "child_process";
import * as readline from "readline";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource } from "../graph/resourceGraph";
import { UserInputError } from "../errors";
import { HOST_CHANNEL_FD, HostInput, hostMessageSchema, WireResource } from "./hostProtocol";

export const DEFAULT_TIMEOUT_SECONDS = 120;

/** The program did not give a graph the preview can decide on. Exit 2. */
export class ProgramHostError extends UserInputError {}

export interface ProgramHostOptions {
    input: HostInput;
    /** The host bin/preview.js started before the flags were parsed, when its memory ceiling is the one asked for. */
    launched?: LaunchedHost;
    timeoutSeconds: number;
    maxMemoryMb: number;
    /** Called as each resource arrives, in registration order. */
    onResource?: (r: GraphResource) => void;
    /** Values the program marked secret: the caller masks them in everything it prints or writes. */
    onSecrets: (values: string[]) => void;
    /** Where the program's own stdout and stderr go (never the parent's stdout, which carries the verdict). */
    programOutput: (line: string) => void;
}

export interface ProgramHostResult {
    resources: GraphResource[];
    outputs?: Struct;
    /** Invokes whose result was unknown (not determined by stack config). */
    unknownInvokes: { token: string; reason: string; count: number }[];
    /** Preview pass: where a value unknown at preview would have run or steered the program; null when not watched. */
    unknownsSteered: string[] | null;
}

export interface ProgramHost {
    /** The program's graph once the host exited by itself after it settled: the only one a verdict may use. */
    result: Promise<ProgramHostResult>;
    /**
     * The same graph as soon as the program settled (nothing may register after that), so that the parent can
     * analyze it while the host exits; rejects as `result` does if the program fails first. Await `result` too.
     */
    settled: Promise<ProgramHostResult>;
    kill(): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hostLaunch = require("./hostLaunch.js") as {
    DEFAULT_MAX_PROGRAM_MEMORY_MB: number;
    launchProgramHost(maxMemoryMb: number): LaunchedHost;
};
const { launchProgramHost } = hostLaunch;
export const DEFAULT_MAX_PROGRAM_MEMORY_MB = hostLaunch.DEFAULT_MAX_PROGRAM_MEMORY_MB;

/** A host process started early (bin/preview.js), still waiting for its input. */
export interface LaunchedHost {
    child: ChildProcess;
    maxMemoryMb: number;
}

function fromWire(r: WireResource): GraphResource {
    return { ...r, properties: Struct.fromJavaScript(r.properties as never) };
}

/** Starts the program host now; `result` settles when the host has exited and its verdict is known. */
export function startProgramHost(opts: ProgramHostOptions): ProgramHost {
    const { timeoutSeconds, maxMemoryMb } = opts;
    const { child } = opts.launched ?? launchProgramHost(maxMemoryMb);
    child.stdin!.end(JSON.stringify(opts.input));
    const resources: GraphResource[] = [];
    let settled: Omit<ProgramHostResult, "resources"> | undefined;
    let failure: string | undefined;
    let deadlineHit = false;
    let outOfMemory = false;
    const lastStderr: string[] = [];
    let signalSettled: (r: ProgramHostResult) => void = () => undefined;
    const settledSignal = new Promise<ProgramHostResult>((resolve) => (signalSettled = resolve));

    const stop = (reason: string) => {
        failure ??= reason;
        child.kill("SIGKILL");
    };
    let timer = setTimeout(() => {
        deadlineHit = true;
        child.kill("SIGKILL");
    }, timeoutSeconds * 1000);
    const restartClock = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
            deadlineHit = true;
            child.kill("SIGKILL");
        }, timeoutSeconds * 1000);
    };

    for (const [stream, name] of [
        [child.stdout!, "stdout"],
        [child.stderr!, "stderr"],
    ] as const) {
        readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
            if (/Reached heap limit|JavaScript heap out of memory/.test(line)) outOfMemory = true;
            if (name === "stderr") {
                lastStderr.push(line);
                if (lastStderr.length > 20) lastStderr.shift();
            }
            opts.programOutput(`    program ${name}: ${line}`);
        });
    }

    readline.createInterface({ input: child.stdio[HOST_CHANNEL_FD] as NodeJS.ReadableStream, crlfDelay: Infinity }).on("line", (line) => {
        if (failure) return;
        let message;
        try {
            message = hostMessageSchema().parse(JSON.parse(line));
        } catch {
            stop(`the program host sent a message the preview does not understand: ${line.slice(0, 200)}`);
            return;
        }
        if (settled && message.kind !== "failed") {
            stop(`the program kept registering after it settled (${message.kind})`);
            return;
        }
        switch (message.kind) {
            case "started":
                // The deadline is for the program itself, not for loading the SDKs.
                restartClock();
                break;
            case "resource": {
                const r = fromWire(message.resource);
                resources.push(r);
                opts.onResource?.(r);
                break;
            }
            case "settled":
                opts.onSecrets(message.secrets);
                settled = {
                    outputs: message.outputs ? Struct.fromJavaScript(message.outputs as never) : undefined,
                    unknownInvokes: message.unknownInvokes,
                    unknownsSteered: message.unknownsSteered,
                };
                signalSettled({ resources: [...resources], ...settled });
                break;
            case "failed":
                opts.onSecrets(message.secrets);
                failure = message.reason;
                break;
        }
    });

    const result = new Promise<ProgramHostResult>((resolve, reject) => {
        child.once("error", (e) => {
            clearTimeout(timer);
            reject(new ProgramHostError(`cannot start the program host: ${e.message}`));
        });
        child.once("close", (code, signal) => {
            clearTimeout(timer);
            const registered = `${resources.length} resource(s) registered`;
            if (failure) return reject(new ProgramHostError(failure));
            if (outOfMemory || signal === "SIGABRT" || code === 134) {
                return reject(
                    new ProgramHostError(`the program ran out of memory: it needed more than ${maxMemoryMb} MB (--max-program-memory) after ${registered}`),
                );
            }
            if (deadlineHit) {
                return reject(
                    new ProgramHostError(
                        settled
                            ? `the program did not exit within ${timeoutSeconds} s (--timeout) after it settled: a timer, socket or other handle keeps its event loop alive`
                            : `the program did not finish within ${timeoutSeconds} s (--timeout): ${registered}, and the program or one of its outputs never settled`,
                    ),
                );
            }
            if (!settled) {
                const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
                const last = lastStderr.filter((l) => l.trim()).pop();
                return reject(
                    new ProgramHostError(
                        `the program ${how} before it settled (${registered}): it must finish registering and resolve every output, and must not exit by itself${last ? `; last error output: ${last.trim()}` : ""}`,
                    ),
                );
            }
            if (code !== 0) {
                return reject(new ProgramHostError(`the program exited with ${signal ?? `code ${code}`} after it settled`));
            }
            resolve({ resources, ...settled });
        });
    });
    const settledFirst = Promise.race([settledSignal, result]);
    // A failure of the host is reported through whichever of the two the caller awaits, never as an unhandled rejection.
    result.catch(() => undefined);
    settledFirst.catch(() => undefined);
    return { result, settled: settledFirst, kill: () => child.kill("SIGKILL") };
}
