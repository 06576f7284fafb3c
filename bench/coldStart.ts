import { launchPackOverGrpc } from "../tools/analyzer/grpcPack";
import { Plan, sample } from "./sampling";
import type { Summary } from "./stats";

/** One cold start: from launching run-policy-pack as the CLI does to the port line, then stop the pack. */
async function coldStartOnce(packDir: string): Promise<number> {
    const pack = await launchPackOverGrpc(packDir, 120_000);
    const exited = new Promise<void>((resolve) => {
        if (pack.process.exitCode !== null || pack.process.signalCode !== null) resolve();
        else pack.process.once("exit", () => resolve());
    });
    pack.close();
    await exited;
    return pack.startupMs;
}

export function measureColdStart(packDir: string, plan: Plan): Promise<Summary> {
    return sample(plan, () => coldStartOnce(packDir));
}
