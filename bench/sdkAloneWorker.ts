/**
 * The SDK alone: one pass of a generated program in this process, under the SDK's own mocks (`runtime.setMocks`),
 * with the tunings the preview gives the program's process (tools/preview/program/sdkTuning.js) and every output
 * known. No engine, no gRPC, no pack, no second pass, no box: a lower bound of what one program process of the
 * preview costs, which the end-to-end figures are read against. Run in a fresh `bin/bench.js --worker sdk-alone`
 * process, after the SDKs are loaded, so the figures start where the floor ends.
 */
import Module from "module";
import { loadProject, loadStackConfig } from "../tools/preview/project";

export const SDK_ALONE_PREFIX = "SDK_ALONE_RESULT ";

export interface SdkAloneResult {
    /** Resources the mocks were asked to create: every resource the preview counts but the stack itself. */
    resources: number;
    /** From requiring the program (its compile included) to its last registration answered. */
    wallMs: number;
    cpuMs: number;
    /** The process's own peak (loading the SDKs included). */
    peakMb: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkTuning = require("../tools/preview/program/sdkTuning") as { install(m: typeof Module): void };

export async function measureSdkAlone(dir: string, stack: string): Promise<SdkAloneResult> {
    const project = loadProject(dir);
    const config = loadStackConfig(project, stack);
    process.env.PULUMI_CONFIG = JSON.stringify(config.values);
    sdkTuning.install(Module);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    let resources = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                resources++;
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        },
        project.name,
        stack,
        true,
    );
    const wallStart = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await pulumi.runtime.runInPulumiStack(async () => require(project.program));
    // Waits for every registration to be answered, as the SDK's runner does before it exits.
    await pulumi.runtime.disconnect();
    const cpu = process.cpuUsage(cpuStart);
    return {
        resources,
        wallMs: Number(process.hrtime.bigint() - wallStart) / 1e6,
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakMb: process.resourceUsage().maxRSS / 1024,
    };
}
