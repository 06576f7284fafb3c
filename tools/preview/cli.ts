import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { loadProject, loadStackConfig } from "./project";
import { runProgram } from "./runProgram";
import { ensurePackBuilt, loadPackInProcess } from "../analyzer/inProcessPack";
import { runAnalysis, PackRun } from "../analyzer/runAnalysis";
import { readPolicyConfigFile } from "../analyzer/policyConfig";
import { buildPreviewDocument } from "./previewDocument";
import { settingsInForce } from "../report/settingsInForce";
import { renderPolicies, renderSummary, renderTree } from "./render";
import { checkOutputs, writeAtomically } from "../writeAtomically";
import { terminalLine } from "../terminalText";
import { graphToJson } from "../graph/graphFile";
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
    checkOutputs(
        [
            { flag: "--json", file: opts.json ?? "" },
            { flag: "--report", file: opts.report ?? "" },
            { flag: "--graph", file: opts.graph ?? "" },
        ],
        [
            ...opts.policyPackConfig.map((file) => ({ flag: "--policy-pack-config", file })),
            { flag: "stack config", file: path.join(project.dir, `Pulumi.${opts.stack}.yaml`) },
            { flag: "project file", file: path.join(project.dir, "Pulumi.yaml") },
        ],
    );
    for (const key of config.secretKeys) redactor.addValue(config.values[key]);
    for (const p of packs) ensurePackBuilt(p, progress);
    const connections = packs.map((p) => loadPackInProcess(p));

    progress(`Previewing update (${opts.stack}) of ${project.name} offline: running ${path.relative(process.cwd(), project.program) || "."}`);
    let registered = 0;
    const graph = await runProgram({
        project,
        stack: opts.stack,
        config,
        onRegister: () => {
            registered++;
            if (registered % 25 === 0) progress(`    ${registered} resources registered...`);
        },
    });
    progress(`    ${graph.resources.length} resources; running ${packs.length} policy pack(s)...`);
    const runs: { path: string; run: PackRun }[] = [];
    for (const [i, conn] of connections.entries()) {
        runs.push({
            path: path.relative(process.cwd(), packs[i]) || ".",
            run: await runAnalysis(conn, graph, {
                policyConfigFile: configs[i],
                policyConfigSource: opts.policyPackConfig[i] ? `--policy-pack-config ${opts.policyPackConfig[i]}` : undefined,
                stackConfig: config.values,
                secretKeys: config.secretKeys,
                dryRun: true,
            }),
        });
        conn.close();
    }
    // Secrets are masked in the document itself, before any line, message or report is formatted from it.
    const doc = redactor.mask({ ...buildPreviewDocument(graph, runs, project.dir), settings: settingsInForce(runs, opts.policyPackConfig) ?? null });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    out(`Previewing update (${opts.stack}) [offline preview: program under mocks, real policy analyzer]`);
    out("");
    for (const l of renderTree(doc)) out(l);
    out("");
    out("Policies:");
    for (const l of renderPolicies(doc)) out(l);
    out("");
    for (const l of renderSummary(doc, seconds)) out(l);

    // The graph file is what the analyzer was sent, with every secret's value masked inside its envelope.
    if (opts.graph) writeAtomically(opts.graph, JSON.stringify(redactor.mask(graphToJson(graph))) + "\n");
    if (opts.json) writeAtomically(opts.json, redactor.redact(JSON.stringify(doc, null, 2)) + "\n");
    if (opts.report) {
        // The report is built in memory from the same graph and runs, with the settings the packs judged with.
        /* eslint-disable @typescript-eslint/no-require-imports */
        const { previewReport } = require("../report/previewReport") as typeof import("../report/previewReport");
        /* eslint-enable @typescript-eslint/no-require-imports */
        writeAtomically(opts.report, previewReport(graph, runs, project.dir, opts.policyPackConfig));
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
            (l) => process.stdout.write(terminalLine(redactor.redact(l)) + "\n"),
            (l) => process.stderr.write(terminalLine(redactor.redact(l)) + "\n"),
        );
    } catch (e) {
        if (e instanceof UserInputError) {
            process.stderr.write(terminalLine(redactor.redact(`error: ${e.message}`)) + "\n");
            return EXIT_BAD_INPUT;
        }
        process.stderr.write(terminalLine(redactor.redact(`error: the offline preview failed: ${(e as Error).stack ?? String(e)}`)) + "\n");
        return EXIT_BAD_INPUT;
    }
}
