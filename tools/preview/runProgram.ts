import * as pulumi from "@pulumi/pulumi";
import type { PulumiProject, StackConfig } from "./project";
import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";
import { CaptureMonitor } from "./captureMonitor";
import { attachDefaultProviders, isProviderType } from "./defaultProviders";
import { UserInputError } from "../errors";

export interface RunProgramOptions {
    project: PulumiProject;
    stack: string;
    config: StackConfig;
    /** Called as each resource registers: progress output. */
    onRegister?: (r: GraphResource) => void;
}

/** An error the program raised, shown without the SDK's internal stack frames. */
export class ProgramError extends UserInputError {}

/**
 * Runs a Pulumi program in this process in preview mode and returns the resource graph the engine
 * would have built. Can run once per process: the SDK keeps its state in module globals.
 */
export async function runProgram(opts: RunProgramOptions): Promise<ResourceGraph> {
    const { project, stack, config } = opts;
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
        true,
    );
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);

    const providerRegion = (pkg: string, providerRef: string): string | undefined => {
        const urn = providerRef ? providerRef.slice(0, providerRef.lastIndexOf("::")) : "";
        const provider = monitor.resources.find((r) => r.urn === urn && isProviderType(r.type));
        const region = provider ? provider.properties.toJavaScript().region : config.values[`${pkg}:region`];
        return typeof region === "string" ? region : undefined;
    };
    const monitor = new CaptureMonitor(project.name, stack, { providerRegion }, opts.onRegister);
    monitor.install();

    const programErrors: unknown[] = [];
    const onError = (err: unknown) => programErrors.push(err);
    process.on("unhandledRejection", onError);
    process.on("uncaughtException", onError);
    const previousCwd = process.cwd();
    try {
        process.chdir(project.dir);
        await pulumi.runtime.runInPulumiStack(async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported = require(project.program);
            return typeof exported === "function" ? await exported() : exported;
        });
        await pulumi.runtime.disconnect();
    } catch (e) {
        programErrors.push(e);
    } finally {
        process.chdir(previousCwd);
        // Let rejections scheduled by the last registrations surface before the handlers go.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onError);
        process.off("uncaughtException", onError);
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
    };
}
