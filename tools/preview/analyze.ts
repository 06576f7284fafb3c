/**
 * Analyze: each policy pack in its own process (the analyzer role), driven as the engine drives it, over the
 * preview pass's graph. The packs start with the program and are configured while it runs (the engine configures
 * them before it starts the program), so that a policy config they refuse stops the preview at once.
 */
import * as path from "path";
import type { AnalysisOptions, ConfiguredPack, PackRun } from "../analyzer/runAnalysis";
import { analyzeGraph, configurePack } from "../analyzer/runAnalysis";
import { GrpcPack, launchPackHost } from "../analyzer/grpcPack";
import type { ResourceGraph } from "../graph/resourceGraph";
import { packEnvironment } from "../analyzer/packEnvironment";
import type { PreviewInputs } from "./inputs";

export interface PackSet {
    connections: Promise<GrpcPack[]>;
    /** Each pack configured (rejects with the first pack that refuses its policy config or fails to start). */
    configured: Promise<ConfiguredPack[]>;
    close(): void;
}

export function launchPacks(inputs: PreviewInputs): PackSet {
    const { opts, packs, packConfigs, config, project } = inputs;
    // Each pack's process gets the stack's config in its environment, as the CLI gives it (packEnvironment.ts).
    const env = packEnvironment({ project: project.name, stack: opts.stack, organization: "organization", config: config.values, dryRun: true });
    const launched = packs.map((p) => launchPackHost(p, undefined, env));
    const connections = Promise.all(launched);
    connections.catch(() => undefined);
    const stack = { stack: opts.stack, project: project.name };
    const options = packs.map((_, i): AnalysisOptions => ({
        policyConfigFile: packConfigs[i],
        policyConfigSource: opts.policyPackConfig[i] ? `--policy-pack-config ${opts.policyPackConfig[i]}` : undefined,
        stackConfig: config.values,
        secretKeys: config.secretKeys,
        dryRun: true,
    }));
    const configured = Promise.all(launched.map(async (l, i) => configurePack(await l, stack, options[i])));
    configured.catch(() => undefined);
    return {
        connections,
        configured,
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
    const [connections, configured] = await Promise.all([packSet.connections, packSet.configured]);
    const runs: { path: string; run: PackRun }[] = [];
    for (const [i, conn] of connections.entries()) {
        runs.push({ path: path.relative(process.cwd(), packs[i]) || ".", run: { ...configured[i], results: await analyzeGraph(conn, graph) } });
    }
    return runs;
}
