import * as path from "path";
import { ensurePackBuilt, loadPackInProcess } from "../analyzer/inProcessPack";
import { readPolicyConfigFile } from "../analyzer/policyConfig";
import { PackRun, runAnalysis } from "../analyzer/runAnalysis";
import { UserInputError } from "../errors";
import { buildReport } from "../report/buildReport";
import type { ReportDocument } from "../report/model";
import { type GraphFacts, reportInputOf } from "../report/facts";
import { settingsInForce } from "../report/settingsInForce";
import { toAnalyzerProperties } from "../report/propertyValues";
import { readJsonFile } from "../report/readJson";
import { graphOfDeployment, isStackExport } from "../report/readers/stackExport";
import { keysThePoliciesCannotSee, PROJECT_ROOT, structOf } from "../report/stateGraph";
import { withStateInputs } from "./stateConnection";
import { readAuditStackConfig } from "./auditStackConfig";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface AuditOptions {
    checkpoint: string;
    policyPack: string[];
    policyPackConfig: string[];
    acceptWeakenedConfig?: boolean;
    /** The stack's `Pulumi.<stack>.yaml`: its declared data class labels the deployed resources as at preview. */
    stackConfig?: string;
}

/**
 * Runs the policy packs over a deployed stack's checkpoint through the same analyzer path as the
 * offline preview (`loadPackInProcess` + `runAnalysis`, not a dry run), and reports the result.
 */
export async function runAudit(opts: AuditOptions, progress: (line: string) => void): Promise<ReportDocument> {
    const packs = (opts.policyPack.length > 0 ? opts.policyPack : [path.join(REPO_ROOT, "policies")]).map((p) => path.resolve(p));
    if (opts.policyPackConfig.length > packs.length) {
        throw new UserInputError(
            `--policy-pack-config was given ${opts.policyPackConfig.length} times for ${packs.length} policy pack(s); give one per --policy-pack, in the same order`,
        );
    }
    const configs = opts.policyPackConfig.map((f) => readPolicyConfigFile(path.resolve(f)));
    const value = readJsonFile(opts.checkpoint, "stack export");
    if (!isStackExport(value)) {
        throw new UserInputError(`stack export ${opts.checkpoint} is not 'pulumi stack export' output: expected {"version": 3 or 4, "deployment": {...}}`);
    }
    const { graph, resources } = graphOfDeployment(value, opts.checkpoint);
    const stackConfig = opts.stackConfig ? readAuditStackConfig(opts.stackConfig, graph.project) : undefined;
    // The pack runs in this process: it reads the stack config where the CLI puts it for a pack (packEnvironment.ts).
    if (stackConfig) process.env.PULUMI_CONFIG = JSON.stringify(stackConfig.values);
    const inputs = new Map(resources.map((r) => [r.urn, structOf(toAnalyzerProperties(r.inputs))]));
    for (const p of packs) ensurePackBuilt(p, progress);

    progress(`Auditing ${graph.resources.length} deployed resources of ${graph.project}/${graph.stack} with ${packs.length} policy pack(s)...`);
    const runs: { path: string; run: PackRun }[] = [];
    let facts: GraphFacts | undefined;
    for (const [i, dir] of packs.entries()) {
        const conn = withStateInputs(loadPackInProcess(dir), inputs);
        try {
            runs.push({
                path: path.relative(process.cwd(), dir) || ".",
                run: await runAnalysis(conn, graph, {
                    policyConfigFile: configs[i],
                    policyConfigSource: opts.policyPackConfig[i] ? `--policy-pack-config ${opts.policyPackConfig[i]}` : undefined,
                    stackConfig: stackConfig?.values ?? {},
                    secretKeys: stackConfig?.secretKeys ?? [],
                    dryRun: false,
                }),
            });
            // Locations, classes and copies as the first pack's policies judged them: from the model they built.
            if (i === 0) facts = await conn.facts?.(graph, PROJECT_ROOT);
        } finally {
            conn.close();
        }
    }
    const unseen = keysThePoliciesCannotSee(resources);
    for (const d of unseen) progress(`warning: '${d.urn.slice(d.urn.lastIndexOf("::") + 2)}': ${d.message}`);
    // With a policy config, the approved locations the pack used are the config's (else the pack's defaults).
    return buildReport({
        ...reportInputOf(graph, runs, {
            kind: "audit",
            file: opts.checkpoint,
            projectDir: PROJECT_ROOT,
            settings: settingsInForce(runs, opts.policyPackConfig),
            acceptedWeakenedConfig: opts.acceptWeakenedConfig === true,
            facts,
        }),
        diagnostics: unseen,
    });
}
