/**
 * `npm run preview`: flags, then the pipeline, then the exit code. The pipeline runs one way:
 * capture (the program's runs) -> analyze (the packs over the preview pass) -> second pass (what the program
 * creates behind unknowns) -> judge (one document) -> emit (terminal and files). Only `main` picks the exit code,
 * from the judged document.
 */
import * as path from "path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ACCEPT_WEAKENED_FLAG } from "../analyzer/weakenedConfig";
import { terminalLine } from "../terminalText";
import { redactor } from "../secrets";
import { EXIT_BAD_INPUT, EXIT_OK, UserInputError } from "../errors";
import { exitCodeOf } from "../report/exitCode";
import type { ReportDocument } from "../report/model";
import { PreviewOptions, readInputs, REPO_ROOT } from "./inputs";
import { DEFAULT_MAX_PROGRAM_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS } from "./program/run";
import { describeRemoved, regionBearingIn } from "./program/environment";
import { boxUnavailable } from "./sandbox/sandbox";

export type { PreviewOptions };

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
            "Offline `pulumi preview`: runs the program through Pulumi's Node.js language host against an offline engine, in a box, and enforces policy packs through the real @pulumi/policy analyzer.",
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
        .addOption(
            new Option(
                "--unisolated",
                "run the program without its box (Linux namespaces), where the platform has none: for a developer's own program only; the verdict is then no gate",
            ),
        )
        .showHelpAfterError("(run with --help to see the flags)")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

/** Runs the pipeline and returns the judged report document (files written, verdict printed); throws UserInputError for exit 2. */
export async function runPreview(opts: PreviewOptions, out: (line: string) => void, progress: (line: string) => void): Promise<ReportDocument> {
    const started = process.hrtime.bigint();
    if (!opts.unisolated) {
        const why = boxUnavailable();
        if (why)
            throw new UserInputError(
                `${why}; the offline preview boxes every program it runs (--unisolated runs a developer's own program without the box, and is never a gate)`,
            );
    }
    const inputs = readInputs(opts, progress);
    const { project } = inputs;
    progress(`Previewing update (${opts.stack}) of ${project.name} offline: running ${path.relative(process.cwd(), project.program) || "."}`);
    const removed = regionBearingIn(process.env);
    if (removed.length > 0) progress(describeRemoved(removed));

    /* eslint-disable @typescript-eslint/no-require-imports */
    const { capture } = require("./capture") as typeof import("./capture");
    const { launchPacks, analyze } = require("./analyze") as typeof import("./analyze");
    const { judgeSecondPass } = require("./secondPass") as typeof import("./secondPass");
    const { judge } = require("./judge") as typeof import("./judge");
    const { emit } = require("./emit") as typeof import("./emit");
    /* eslint-enable @typescript-eslint/no-require-imports */

    // The program (language-host role) and each pack (analyzer role) run in their own processes, started together
    // so that their start-up overlaps. This process runs no user code: it plays the engine, decides and writes.
    const runs = capture(inputs, progress);
    const packSet = launchPacks(inputs);
    try {
        // A pack that refuses its policy config stops the preview at once, as the engine stops before the program.
        const preview = await Promise.race([runs.preview, packSet.configured.then(() => runs.preview)]);
        for (const u of preview.unknownInvokes) {
            progress(
                preview.invokesMadeUpBecause
                    ? `warning: invoke '${u.token}' was answered with a made-up result at this preview (${u.count}x): ${u.reason}, and the program could not run with it unknown. Nothing it decides is proven.`
                    : `warning: invoke '${u.token}' is unknown at this preview (${u.count}x): ${u.reason}. Whatever depends on it is unknown to the policies.`,
            );
        }
        progress(`    ${preview.graph.resources.length} resources; running ${inputs.packs.length} policy pack(s)...`);
        const connections = await packSet.connections;
        const facts = connections[0]?.facts?.(preview.graph, project.dir);
        facts?.catch(() => undefined);
        const packRuns = await analyze(packSet, inputs.packs, preview.graph);
        if (preview.unknownsAnswered.length === 0) progress("    no second pass: the engine answered the program with no value unknown at preview");
        else progress(`    second pass (every output known), as ${preview.unknownsAnswered.join("; ")}`);
        const second = await judgeSecondPass(
            preview.graph,
            preview,
            packRuns.map(({ run }) => run),
            await runs.known(),
            connections,
        );
        if (second.added.length > 0)
            progress(
                `    ${second.added.filter((r) => !r.defaultProvider).length} resource(s) appear only once unknown values are known; analyzing them too...`,
            );
        const judged = await judge(inputs, preview, packRuns, second, facts, removed);
        emit(inputs, judged, out, Number(process.hrtime.bigint() - started) / 1e9);
        return judged.doc;
    } finally {
        runs.kill();
        packSet.close();
    }
}

export async function main(argv: string[]): Promise<number> {
    const command = previewCommand();
    try {
        command.parse(argv, { from: "user" });
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
        throw e;
    }
    const opts = command.opts<PreviewOptions>();
    try {
        const doc = await runPreview(
            opts,
            (l) => process.stdout.write(terminalLine(redactor.redact(l)) + "\n"),
            (l) => process.stderr.write(terminalLine(redactor.redact(l)) + "\n"),
        );
        return exitCodeOf(doc);
    } catch (e) {
        if (e instanceof UserInputError) {
            process.stderr.write(terminalLine(redactor.redact(`error: ${e.message}`)) + "\n");
            return EXIT_BAD_INPUT;
        }
        process.stderr.write(terminalLine(redactor.redact(`error: the offline preview failed: ${(e as Error).stack ?? String(e)}`)) + "\n");
        return EXIT_BAD_INPUT;
    }
}
