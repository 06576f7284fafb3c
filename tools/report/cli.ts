import { Command, CommanderError, Option } from "commander";
import { EXIT_BAD_INPUT, EXIT_OK, UserInputError } from "../errors";
import { terminalLine, writeLines } from "../terminalText";
import { checkOutputs, OutputTarget, writeAtomically } from "../writeAtomically";
import { loadReport } from "./load";
import { DEFAULT_MAX_INPUT_MB, parseMegabytes, setMaxInputMegabytes } from "./readJson";
import { Format, FORMATS, renderReport, verdictLine } from "./render";

export interface ReportOptions {
    format: Format;
    out?: string;
    baseline?: string;
    maxInputSize: number;
}

/** `--format`, `--out`, `--max-input-size`: shared by `report` and `audit`. */
export function outputOptions(command: Command): Command {
    return command
        .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS as unknown as string[]).default("md"))
        .addOption(new Option("-o, --out <file>", "write the report to this file (written whole, or not at all) instead of stdout"))
        .addOption(
            new Option("--max-input-size <MB>", "refuse input files larger than this").argParser((v) => parseMegabytes(v)).default(DEFAULT_MAX_INPUT_MB),
        );
}

/** Applies `--max-input-size` and refuses an `--out` that is an input, a directory or unwritable. */
export function checkFiles(opts: { out?: string; maxInputSize: number }, inputs: OutputTarget[]): void {
    setMaxInputMegabytes(opts.maxInputSize);
    checkOutputs([{ flag: "--out", file: opts.out ?? "" }], inputs);
}

/** A line for stderr, safe for a terminal and a CI log. */
export function note(line: string): void {
    process.stderr.write(terminalLine(line) + "\n");
}

export function reportCommand(): Command {
    const command = new Command("report")
        .description(
            "Residency report from the offline preview's --json output, `pulumi preview --json` output or a `pulumi stack export` checkpoint: Markdown for a PR comment, JSON (docs/report-json.md) or SARIF 2.1.0.",
        )
        .argument("<input>", "the JSON file to report on");
    return outputOptions(command)
        .addOption(new Option("--baseline <file>", "a previous report JSON or offline preview JSON: adds what changed since"))
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

/** Writes `text` to `out` atomically, or to stdout. */
export function emit(text: string, out: string | undefined): void {
    if (out) {
        try {
            writeAtomically(out, text);
        } catch (e) {
            throw new UserInputError(`--out ${out}: cannot write it: ${(e as Error).message}`);
        }
    } else {
        writeLines(process.stdout, text);
    }
}

/** Parses argv with commander; returns the exit code to use when parsing stopped (help, bad flag). */
export function parse(command: Command, argv: string[]): number | undefined {
    try {
        command.parse(argv, { from: "user" });
        return undefined;
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
        throw e;
    }
}

export async function failed(e: unknown, what: string): Promise<number> {
    if (e instanceof UserInputError) {
        note(`error: ${e.message}`);
        return EXIT_BAD_INPUT;
    }
    if (e instanceof RangeError) {
        note(`error: ${what} failed: the input is too large or too deeply nested to process (${e.message})`);
        return EXIT_BAD_INPUT;
    }
    note(`error: ${what} failed: ${((e as Error).stack ?? String(e)).split("\n").join(" | ")}`);
    return EXIT_BAD_INPUT;
}

export async function main(argv: string[]): Promise<number> {
    const command = reportCommand();
    const stopped = parse(command, argv);
    if (stopped !== undefined) return stopped;
    const [input] = command.args;
    const opts = command.opts<ReportOptions>();
    try {
        checkFiles(opts, [
            { flag: "input", file: input },
            { flag: "--baseline", file: opts.baseline ?? "" },
        ]);
        const doc = await loadReport(input, opts.baseline);
        emit(renderReport(doc, opts.format), opts.out);
        if (opts.out) note(`report (${opts.format}) written to ${opts.out}. ${verdictLine(doc)}`);
        return EXIT_OK;
    } catch (e) {
        return failed(e, "the report");
    }
}
