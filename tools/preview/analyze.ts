/**
 * Analyze: each policy pack in its own process (the analyzer role), driven as the engine drives it, over the
 * preview pass's graph. The packs start with the program, so that their start-up overlaps its run.
 */
import * as path from "path";
import type { AnalysisOptions, PackRun } from "../analyzer/runAnalysis";
import { runAnalysis } from "../analyzer/runAnalysis";
import { GrpcPack, launchPackHost } from "../analyzer/grpcPack";
import type { ResourceGraph } from "../graph/resourceGraph";
import { packEnvironment } from "../analyzer/packEnvironment";
import type { PreviewInputs } from "./inputs";

export interface PackSet {
    connections: Promise<GrpcPack[]>;
    options: AnalysisOptions[];
    close(): void;
}

export function launchPacks(inputs: PreviewInputs): PackSet {
    const { opts, packs, packConfigs, config, project } = inputs;
    // Each pack's process gets the stack's config in its environment, as the CLI gives it (packEnvironment.ts).
    const env = packEnvironment({ project: project.name, stack: opts.stack, organization: "organization", config: config.values, dryRun: true });
    const launched = packs.map((p) => launchPackHost(p, undefined, env));
    const connections = Promise.all(launched);
    connections.catch(() => undefined);
    return {
        connections,
        options: packs.map((_, i) => ({
            policyConfigFile: packConfigs[i],
            policyConfigSource: opts.policyPackConfig[i] ? `--policy-pack-config ${opts.policyPackConfig[i]}` : undefined,
            stackConfig: config.values,
            secretKeys: config.secretKeys,
            dryRun: true,
        })),
        close: () => {
            for (const l of launched)
                l.then(
                    (c) => c.close(),
                    () => undefined,
                );
        },
    };
}

export async function analyze(packSet: PackSet, packs: string[], graph: ResourceGraph): Promise<{ path: string; run: PackRun }[]> {
    const connections = await packSet.connections;
    const runs: { path: string; run: PackRun }[] = [];
    for (const [i, conn] of connections.entries()) {
        runs.push({ path: path.relative(process.cwd(), packs[i]) || ".", run: await runAnalysis(conn, graph, packSet.options[i]) });
    }
    return runs;
}
