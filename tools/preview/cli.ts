import * as path from "path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { loadProject, loadStackConfig } from "./project";
import { ensurePackBuilt } from "../analyzer/inProcessPack";
import { attachDefaultProviders } from "./defaultProviders";
import { DEFAULT_MAX_PROGRAM_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, LaunchedHost, ProgramHost, ProgramHostResult, startProgramHost } from "./programProcess";
import { readStackOutputs } from "./stackOutputs";
import { checkDeclaredDataClass } from "./declaredDataClass";
import { packEnvironment } from "../analyzer/packEnvironment";
import { describeRemoved, programEnvironment } from "./programEnvironment";
import type { KnownPassOutcome, SecondPassVerdict } from "./secondPass";
import type { AnalysisOptions } from "../analyzer/runAnalysis";
import type { ResourceGraph } from "../graph/resourceGraph";
import type { PackRun } from "../analyzer/runAnalysis";
import type { GraphFacts } from "../report/facts";
import { ACCEPT_WEAKENED_FLAG } from "../analyzer/weakenedConfig";
import { readPolicyConfigFile } from "../analyzer/policyConfig";
import { checkOutputs } from "../writeAtomically";
import { terminalLine } from "../terminalText";
import { redactor } from "../secrets";
import { EXIT_BAD_INPUT, EXIT_OK, UserInputError } from "../errors";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface PreviewOptions {
    stack: string;
    cwd: string;
    policyPack: string[];
    policyPackConfig: string[];
    json?: string;
    report?: string;
    graph?: string;
    timeout: number;
    maxProgramMemory: number;
    acceptWeakenedConfig?: boolean;
    stackOutputs: string[];
}

function collect(value: string, previous: string[]): string[] {
    return [...previous, value];
}

function positive(value: string): number {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
    return n;
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
        .addOption(
            new Option("--timeout <seconds>", "the program must register, settle every output and exit within this time")
                .argParser(positive)
                .default(DEFAULT_TIMEOUT_SECONDS),
        )
        .addOption(
            new Option("--max-program-memory <MB>", "heap ceiling of the process that runs the program")
                .argParser(positive)
                .default(DEFAULT_MAX_PROGRAM_MEMORY_MB),
        )
        .addOption(
            new Option(ACCEPT_WEAKENED_FLAG, "run a policy config that weakens the residency gate with the normal exit code (the verdict stays NOT ENFORCED)"),
        )
        .showHelpAfterError("(run with --help to see the flags)")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

export async function runPreview(
    opts: PreviewOptions,
    out: (line: string) => void,
    progress: (line: string) => void,
    launched?: LaunchedHost,
): Promise<number> {
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
    checkDeclaredDataClass(config);
    const stackOutputs = [...readStackOutputs(opts.stackOutputs)];
    checkOutputs(
        [
            { flag: "--json", file: opts.json ?? "" },
            { flag: "--report", file: opts.report ?? "" },
            { flag: "--graph", file: opts.graph ?? "" },
        ],
        [
            ...opts.policyPackConfig.map((file) => ({ flag: "--policy-pack-config", file })),
            { flag: "stack config", file: config.file },
            { flag: "project file", file: project.file },
        ],
    );
    for (const key of config.secretKeys) redactor.addValue(config.values[key]);
    for (const p of packs) ensurePackBuilt(p, progress);

    // The program (language-host role) and each pack (analyzer role) run in their own processes, started
    // together so that their start-up overlaps. This process runs no user code: it decides and writes.
    progress(`Previewing update (${opts.stack}) of ${project.name} offline: running ${path.relative(process.cwd(), project.program) || "."}`);
    // The program's processes get no region-bearing environment (hostLaunch.js): say so once.
    const { removed } = programEnvironment(process.env);
    if (removed.length > 0) progress(describeRemoved(removed));
    let registered = 0;
    const maxMemoryMb = Math.round(opts.maxProgramMemory);
    const host = startProgramHost({
        input: { project, stack: opts.stack, config, stackOutputs, knownOutputs: false },
        launched: launched?.maxMemoryMb === maxMemoryMb ? launched : undefined,
        timeoutSeconds: opts.timeout,
        maxMemoryMb,
        onResource: () => {
            registered++;
            if (registered % 25 === 0) progress(`    ${registered} resources registered...`);
        },
        onSecrets: (values) => values.forEach((v) => redactor.addValue(v)),
        programOutput: progress,
    });
    // The second pass: the program once more, every output known, to find resources created behind unknowns.
    // It runs when the preview pass saw a value unknown at preview run or steer the program's code (or cannot
    // say): otherwise a run with every output known registers the very same resources (unknownsWatch.ts).
    let knownHost: ProgramHost | undefined;
    const startKnownPass = (): Promise<KnownPassOutcome> => {
        knownHost = startProgramHost({
            input: { project, stack: opts.stack, config, stackOutputs, knownOutputs: true },
            timeoutSeconds: opts.timeout,
            maxMemoryMb,
            onSecrets: (values) => values.forEach((v) => redactor.addValue(v)),
            programOutput: (line) => progress(line.replace(/^ {4}program /, "    program (second pass) ")),
        });
        // Settled as soon as the second pass ends, so that its failure is a finding, never an unhandled rejection.
        return knownHost.result.then(
            (k) => ({ ok: true, resources: attachDefaultProviders(k.resources, config.values, project.name, opts.stack) }),
            (e: Error) => ({ ok: false, message: e.message }),
        );
    };
    // Unwatched (null) or steered: a second pass could find something.
    const needsSecondPass = (p: { unknownsSteered: string[] | null }) => p.unknownsSteered === null || p.unknownsSteered.length > 0;
    const knownOutcome: Promise<KnownPassOutcome | undefined> = host.settled.then(
        (p) => (needsSecondPass(p) ? startKnownPass() : undefined),
        () => undefined,
    );
    // The analyzer side is loaded only now, so that the parent's own start-up overlaps the children's.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { launchPackHost } = require("../analyzer/grpcPack") as typeof import("../analyzer/grpcPack");
    // Each pack's process gets the stack's config in its environment, as the CLI gives it (packEnvironment.ts).
    const packEnv = packEnvironment({ project: project.name, stack: opts.stack, organization: "organization", config: config.values, dryRun: true });
    const launches = packs.map((p) => launchPackHost(p, undefined, packEnv));
    const { runAnalysis } = require("../analyzer/runAnalysis") as typeof import("../analyzer/runAnalysis");
    const { judgeSecondPass } = require("./secondPass") as typeof import("./secondPass");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const analysisOptions: AnalysisOptions[] = packs.map((_, i) => ({
        policyConfigFile: configs[i],
        policyConfigSource: opts.policyPackConfig[i] ? `--policy-pack-config ${opts.policyPackConfig[i]}` : undefined,
        stackConfig: config.values,
        secretKeys: config.secretKeys,
        dryRun: true,
    }));
    const runs: { path: string; run: PackRun }[] = [];
    let graph: ResourceGraph;
    let unknownInvokes: ProgramHostResult["unknownInvokes"];
    let second: SecondPassVerdict;
    let facts: GraphFacts | undefined;
    /** The graph the verdict is about: the preview pass's, and what the second pass found behind unknowns. */
    let judged: ResourceGraph;
    try {
        // Analyzed as soon as the program settled, while its process exits; the verdict waits for that exit below.
        const [program, ...connections] = await Promise.all([host.settled, ...launches]);
        graph = {
            project: project.name,
            stack: opts.stack,
            resources: attachDefaultProviders(program.resources, config.values, project.name, opts.stack),
            outputs: program.outputs,
        };
        unknownInvokes = program.unknownInvokes;
        for (const u of unknownInvokes) {
            progress(`warning: invoke '${u.token}' is unknown at this preview (${u.count}x): ${u.reason}. Whatever depends on it is unknown to the policies.`);
        }
        progress(`    ${graph.resources.length} resources; running ${packs.length} policy pack(s)...`);
        for (const [i, conn] of connections.entries()) {
            runs.push({ path: path.relative(process.cwd(), packs[i]) || ".", run: await runAnalysis(conn, graph, analysisOptions[i]) });
        }
        // The program must also have exited by itself, with code 0, after it settled (programProcess.ts).
        await host.result;
        if (!needsSecondPass(program)) progress("    no second pass: no value unknown at preview reached the program's code");
        else progress(`    second pass (every output known), as ${program.unknownsSteered?.join("; ") ?? "the preview pass was not watched"}`);
        const known = await knownOutcome;
        second = known
            ? await judgeSecondPass(graph, known, () => Promise.all(packs.map((p) => launchPackHost(p, undefined, packEnv))), analysisOptions)
            : { added: [], engineResults: [], packResults: [] };
        if (second.added.length > 0)
            progress(`    ${second.engineResults.length} resource(s) appear only once unknown values are known; analyzing them too...`);
        for (const [i, results] of second.packResults.entries()) runs[i].run.results.push(...results);
        judged = { ...graph, resources: [...graph.resources, ...second.added] };
        // The model facts come from the first pack's process, from the model its policies built (for a graph it
        // analyzed whole), so that this process loads no SDK and the model is not built twice.
        facts = await connections[0]?.facts?.(judged, project.dir);
    } finally {
        host.kill();
        knownHost?.kill();
        for (const launch of launches)
            launch.then(
                (c) => c.close(),
                () => undefined,
            );
    }
    // One report document, built once from the judged graph and every result, secrets masked in it before any
    // line, message or report is formatted from it: the terminal, --json, --report and the exit code render it.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { emitPreview } = require("./emit") as typeof import("./emit");
    /* eslint-enable @typescript-eslint/no-require-imports */
    return emitPreview(
        judged,
        runs,
        {
            projectDir: project.dir,
            configFiles: opts.policyPackConfig,
            acceptedWeakenedConfig: opts.acceptWeakenedConfig === true,
            facts,
            engineResults: second.engineResults,
            findings: {
                unknownInvokes,
                environmentRemoved: removed,
                resourcesBehindUnknowns: second.added.filter((r) => !r.defaultProvider).map((r) => r.urn),
            },
        },
        {
            json: opts.json,
            report: opts.report,
            graph: opts.graph ? { file: opts.graph, captured: graph } : undefined,
            seconds: () => Number(process.hrtime.bigint() - started) / 1e9,
        },
        out,
    );
}

/** `launched`: the program host bin/preview.js started first thing; killed here unless the preview used it. */
export async function main(argv: string[], launched?: LaunchedHost): Promise<number> {
    try {
        return await parseAndRun(argv, launched);
    } finally {
        launched?.child.kill("SIGKILL");
    }
}

async function parseAndRun(argv: string[], launched?: LaunchedHost): Promise<number> {
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
            launched,
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
