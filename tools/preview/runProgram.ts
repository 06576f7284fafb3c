import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiProject, StackConfig } from "./project";
import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";
import { CaptureMonitor, providerInputsOf, UnknownInvoke } from "./captureMonitor";
import { attachDefaultProviders } from "./defaultProviders";
import { programEnvironment } from "./programEnvironment";
import type { StackOutputsByName } from "./stackOutputs";
import { UserInputError } from "../errors";
import { leanPromiseLeakTracking } from "../sdkAdapter";

export interface RunProgramOptions {
    project: PulumiProject;
    stack: string;
    config: StackConfig;
    /** Called as each resource registers: progress output. */
    onRegister?: (r: GraphResource) => void;
    /** `--stack-outputs`: outputs of the stacks the program references. Absent: every stack reference's outputs are unknown. */
    stackOutputs?: StackOutputsByName;
    /** Run with every output known (mock values), as the second pass that finds resources created behind unknowns. */
    knownOutputs?: boolean;
}

/** The graph of one program run, and what the run could not know. */
export interface ProgramRun extends ResourceGraph {
    /** Invokes whose result was unknown (not determined by stack config). */
    unknownInvokes: UnknownInvoke[];
    /** Region-bearing variables this process had and the program did not get. */
    environmentRemoved: string[];
}

/** An error the program raised, shown without the SDK's internal stack frames. */
export class ProgramError extends UserInputError {}

/**
 * What Pulumi's Node.js host requires for `main`: a folder is required as a folder (`cmd/run` appends `/`),
 * so a sibling `<folder>.json`, `.js` or `.ts` is never loaded in its place.
 */
export function programEntry(program: string): string {
    return fs.statSync(program).isDirectory() ? program + path.sep : program;
}

/**
 * Runs a Pulumi program in this process in preview mode and returns the resource graph the engine
 * would have built. Can run once per process: the SDK keeps its state in module globals.
 */
export async function runProgram(opts: RunProgramOptions): Promise<ProgramRun> {
    const { project, stack, config } = opts;
    const knownOutputs = opts.knownOutputs ?? false;
    // The program host is spawned without them (hostLaunch.js, programProcess.ts); removing them here too keeps a
    // run in any other process (tests, bench) just as blind to the previewing machine's region.
    const { removed } = programEnvironment(process.env);
    for (const name of removed) delete process.env[name];

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("../register-ts");
    await pulumi.runtime.setMocks(
        {
            newResource: () => {
                throw new Error("unreachable: the capture monitor registers resources");
            },
            call: () => {
                throw new Error("unreachable: the capture monitor answers invokes");
            },
        },
        project.name,
        stack,
        !knownOutputs,
    );
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    leanPromiseLeakTracking();

    const monitor: CaptureMonitor = new CaptureMonitor({
        project: project.name,
        stack,
        knownOutputs,
        stackOutputs: opts.stackOutputs ?? new Map(),
        onRegister: opts.onRegister,
        invokeContext: {
            project: project.name,
            config: config.values,
            programDir: fs.statSync(project.program).isDirectory() ? project.program : path.dirname(project.program),
            explicitProviderInputs: (ref) => providerInputsOf(monitor.resources, ref),
        },
    });
    monitor.install();

    const programErrors: unknown[] = [];
    const onError = (err: unknown) => programErrors.push(err);
    process.on("unhandledRejection", onError);
    process.on("uncaughtException", onError);
    const previousCwd = process.cwd();
    try {
        process.chdir(project.dir);
        // An error the monitor answered with ends the run: the program may never settle after it.
        const stopped = monitor.failed.then(() => "stopped" as const);
        const run = async () => {
            await pulumi.runtime.runInPulumiStack(async () => {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const exported = require(programEntry(project.program));
                return typeof exported === "function" ? await exported() : exported;
            });
            await pulumi.runtime.disconnect();
        };
        await Promise.race([run(), stopped]);
    } catch (e) {
        programErrors.push(e);
    } finally {
        process.chdir(previousCwd);
        // Let rejections scheduled by the last registrations surface before the handlers go.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onError);
        process.off("uncaughtException", onError);
        monitor.close();
    }

    const first = monitor.errors[0] ?? programErrors[0];
    if (first !== undefined) {
        if (first instanceof UserInputError) throw first;
        const message = first instanceof Error ? first.message : String(first);
        throw new ProgramError(`the program ${project.program} failed: ${message}`);
    }
    return {
        project: project.name,
        stack,
        resources: attachDefaultProviders(monitor.resources, config.values, project.name, stack),
        outputs: monitor.stackOutputs,
        unknownInvokes: monitor.unansweredInvokes(),
        environmentRemoved: removed,
    };
}
