import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { loadProject, loadStackConfig } from "./project";
import { ProgramRun, runProgram } from "./runProgram";
import { ensurePackBuilt, loadPackInProcess } from "../analyzer/inProcessPack";
import { runAnalysis, PackRun } from "../analyzer/runAnalysis";
import { readPolicyConfigFile } from "../analyzer/policyConfig";
import { buildPreviewDocument } from "./previewDocument";
import { readStackOutputs } from "./stackOutputs";
import { startKnownPass } from "./knownPass";
import { judgeSecondPass } from "./secondPass";
import { describeRemoved } from "./programEnvironment";
import type { AnalysisOptions } from "../analyzer/runAnalysis";
import { renderPolicies, renderSummary, renderTree } from "./render";
import { writeAtomically } from "../writeAtomically";
import { graphFromJson, graphToJson } from "../graph/graphFile";
import { redactor } from "../secrets";
import { EXIT_BAD_INPUT, EXIT_MANDATORY_VIOLATION, EXIT_OK, UserInputError } from "../errors";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface PreviewOptions {
    stack: string;
    cwd: string;
    policyPack: string[];
    policyPackConfig: string[];
    json?: string;
    report?: string;
    graph?: string;
    stackOutputs: string[];
}

function collect(value: string, previous: string[]): string[] {
    return [...previous, value];
}

export function previewCommand(): Command {
    return new Command("preview")
        .description(
            "Offline `pulumi preview`: runs the program under Pulumi's mocks in preview mode and enforces policy packs through the real @pulumi/policy analyzer.",
        )
        .addOption(new Option("-s, --stack <name>", "the stack to preview").default("us-prod"))
        .addOption(new Option("-C, --cwd <dir>", "run in this Pulumi project directory").default(REPO_ROOT, "the repository root"))
        .addOption(new Option("--policy-pack <dir>", "run this policy pack (repeatable)").argParser(collect).default([] as string[], "policies/"))
        .addOption(
            new Option("--policy-pack-config <file>", "JSON config for the policy pack at the same position (repeatable)")
                .argParser(collect)
                .default([] as string[]),
        )
        .addOption(
            new Option("--stack-outputs <name=file>", "outputs of the stack a StackReference names, as `pulumi stack output --json` prints them (repeatable)")
                .argParser(collect)
                .default([] as string[]),
        )
        .addOption(new Option("-j, --json <file>", "also write the preview as JSON to this file"))
        .addOption(new Option("--report <file>", "also write the residency report (Markdown) to this file"))
        .addOption(new Option("--graph <file>", "also write the captured resource graph (what the analyzer was sent) as JSON"))
        .showHelpAfterError("(run with --help to see the flags)")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

export async function runPreview(opts: PreviewOptions, out: (line: string) => void, progress: (line: string) => void): Promise<number> {
    const started = process.hrtime.bigint();
    const packs = (opts.policyPack.length > 0 ? opts.policyPack : [path.join(REPO_ROOT, "policies")]).map((p) => path.resolve(p));
    if (opts.policyPackConfig.length > packs.length) {
        throw new UserInputError(
            `--policy-pack-config was given ${opts.policyPackConfig.length} times for ${packs.length} policy pack(s); give one per --policy-pack, in the same order`,
        );
    }
    const configs = opts.policyPackConfig.map((f) => readPolicyConfigFile(path.resolve(f)));
    const project = loadProject(opts.cwd);
    const config = loadStackConfig(project, opts.stack);
    const stackOutputs = readStackOutputs(opts.stackOutputs);
    for (const key of config.secretKeys) redactor.addValue(config.values[key]);
    for (const p of packs) ensurePackBuilt(p, progress);
    const connections = packs.map((p) => loadPackInProcess(p));

    progress(`Previewing update (${opts.stack}) of ${project.name} offline: running ${path.relative(process.cwd(), project.program) || "."}`);
    // The second pass (every output known) runs in its own process while this one previews.
    const knownPass = startKnownPass(project.dir, opts.stack, opts.stackOutputs);
    let registered = 0;
    let graph: ProgramRun;
    try {
        graph = await runProgram({
            project,
            stack: opts.stack,
            config,
            stackOutputs,
            onRegister: () => {
                registered++;
                if (registered % 25 === 0) progress(`    ${registered} resources registered...`);
            },
        });
    } catch (e) {
        knownPass.cancel();
        throw e;
    }
    if (graph.environmentRemoved.length > 0) progress(describeRemoved(graph.environmentRemoved));
    for (const u of graph.unknownInvokes) {
        progress(`warning: invoke '${u.token}' is unknown at this preview (${u.count}x): ${u.reason}. Whatever depends on it is unknown to the policies.`);
    }
    progress(`    ${graph.resources.length} resources; running ${packs.length} policy pack(s)...`);
    const analysisOptions: AnalysisOptions[] = packs.map((_, i) => ({
        policyConfigFile: configs[i],
        policyConfigSource: opts.policyPackConfig[i] ? `--policy-pack-config ${opts.policyPackConfig[i]}` : undefined,
        stackConfig: config.values,
        secretKeys: config.secretKeys,
        dryRun: true,
    }));
    const runs: { path: string; run: PackRun }[] = [];
    for (const [i, conn] of connections.entries()) {
        runs.push({ path: path.relative(process.cwd(), packs[i]) || ".", run: await runAnalysis(conn, graph, analysisOptions[i]) });
        conn.close();
    }
    const knownRun = await knownPass.result;
    const second = await judgeSecondPass(
        graph,
        knownRun.ok ? { ok: true, resources: graphFromJson(knownRun.graph).resources } : { ok: false, message: knownRun.message },
        async () => packs.map((p) => loadPackInProcess(p)),
        analysisOptions,
    );
    if (second.added.length > 0) progress(`    ${second.engineResults.length} resource(s) appear only once unknown values are known; analyzing them too...`);
    for (const [i, results] of second.packResults.entries()) runs[i].run.results.push(...results);
    const doc = buildPreviewDocument({ ...graph, resources: [...graph.resources, ...second.added] }, runs, project.dir, {
        engineResults: second.engineResults,
        unknownInvokes: graph.unknownInvokes,
        environmentRemoved: graph.environmentRemoved,
        resourcesBehindUnknowns: second.added.filter((r) => !r.defaultProvider).map((r) => r.urn),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    out(`Previewing update (${opts.stack}) [offline preview: program under mocks, real policy analyzer]`);
    out("");
    for (const l of renderTree(doc)) out(l);
    out("");
    out("Policies:");
    for (const l of renderPolicies(doc)) out(l);
    out("");
    for (const l of renderSummary(doc, seconds)) out(l);

    // The graph file is what the analyzer was sent: secrets stay in their envelopes, as on the wire.
    if (opts.graph) writeAtomically(opts.graph, JSON.stringify(graphToJson(graph)) + "\n");
    if (opts.json) writeAtomically(opts.json, redactor.redact(JSON.stringify(doc, null, 2)) + "\n");
    if (opts.report) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { renderMarkdownReport } = require("../report/markdown");
        writeAtomically(opts.report, redactor.redact(renderMarkdownReport(doc)));
    }
    return doc.summary.mandatory > 0 ? EXIT_MANDATORY_VIOLATION : EXIT_OK;
}

export async function main(argv: string[]): Promise<number> {
    const command = previewCommand();
    try {
        command.parse(argv, { from: "user" });
    } catch (e) {
        if (e instanceof CommanderError) {
            return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
        }
        throw e;
    }
    const opts = command.opts<PreviewOptions>();
    try {
        return await runPreview(
            opts,
            (l) => process.stdout.write(redactor.redact(l) + "\n"),
            (l) => process.stderr.write(redactor.redact(l) + "\n"),
        );
    } catch (e) {
        if (e instanceof UserInputError) {
            process.stderr.write(redactor.redact(`error: ${e.message}`) + "\n");
            return EXIT_BAD_INPUT;
        }
        process.stderr.write(redactor.redact(`error: the offline preview failed: ${(e as Error).stack ?? String(e)}`) + "\n");
        return EXIT_BAD_INPUT;
    }
}
