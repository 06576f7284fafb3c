import * as path from "path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { DEFAULT_OUT, REPO_ROOT } from "./paths";
import { profile, PROFILE_TARGETS, ProfileTarget } from "./profile";
import { runBench } from "./runBench";
import { renderTable, renderTargets } from "./table";
import { measureSdkAlone, SDK_ALONE_PREFIX } from "./sdkAloneWorker";
import { measureThroughput, RESULT_PREFIX } from "./throughputWorker";
import { writeJson } from "./writeJson";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_BAD_INPUT = 2;

interface BenchFlags {
    quick?: boolean;
    out: string;
    profile?: ProfileTarget;
    worker?: "throughput" | "sdk-alone";
    dir?: string;
    stack?: string;
    pack: "ours" | "awsguard";
    size?: number;
    subset: "all" | "aws";
    warmup: number;
    warmupSize?: number;
    runs: number;
    packDir?: string;
}

function count(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
    return n;
}

function benchCommand(): Command {
    return new Command("bench")
        .description("Benchmarks the offline preview and the policy pack: floor, preview, policy throughput, peer (awsguard), pack cold start.")
        .option("--quick", "smoke mode: one run of each figure, no warm-ups")
        .addOption(new Option("-o, --out <file>", "write the figures as JSON to this file").default(DEFAULT_OUT, path.relative(REPO_ROOT, DEFAULT_OUT)))
        .addOption(
            new Option("--profile <figure>", "instead of benchmarking, run one figure under node --cpu-prof and print its top functions").choices([
                ...PROFILE_TARGETS,
            ]),
        )
        .addOption(new Option("--worker <kind>", "internal: measure in this process and print JSON").choices(["throughput", "sdk-alone"]).hideHelp())
        .addOption(new Option("--pack <pack>").choices(["ours", "awsguard"]).default("ours").hideHelp())
        .addOption(new Option("--size <n>").argParser(count).hideHelp())
        .addOption(new Option("--subset <subset>").choices(["all", "aws"]).default("all").hideHelp())
        .addOption(new Option("--warmup <n>").argParser(count).default(1).hideHelp())
        .addOption(new Option("--warmup-size <n>").argParser(count).hideHelp())
        .addOption(new Option("--runs <n>").argParser(count).default(5).hideHelp())
        .addOption(new Option("--pack-dir <dir>", "internal: measure this pack directory instead of ours").hideHelp())
        .addOption(new Option("--dir <dir>", "internal: the generated project the SDK-alone worker runs").hideHelp())
        .addOption(new Option("--stack <stack>", "internal: its stack").hideHelp())
        .showHelpAfterError("(run with --help to see the flags)")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

async function worker(flags: BenchFlags): Promise<number> {
    if (flags.worker === "sdk-alone") {
        if (!flags.dir || !flags.stack) throw new InvalidArgumentError("--worker sdk-alone needs --dir and --stack");
        const result = await measureSdkAlone(path.resolve(flags.dir), flags.stack);
        process.stdout.write(`${SDK_ALONE_PREFIX}${JSON.stringify(result)}\n`);
        return EXIT_OK;
    }
    if (!flags.size) throw new InvalidArgumentError("--worker throughput needs --size");
    const result = await measureThroughput({
        pack: flags.pack,
        size: flags.size,
        subset: flags.subset,
        warmup: flags.warmup,
        warmupSize: flags.warmupSize ?? flags.size,
        runs: Math.max(1, flags.runs),
        packDir: flags.packDir ? path.resolve(flags.packDir) : undefined,
    });
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
    return EXIT_OK;
}

async function bench(flags: BenchFlags): Promise<number> {
    const out = path.resolve(flags.out);
    const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
    const report = await runBench({ quick: flags.quick === true, log });
    await writeJson(out, report);
    const print = (line: string) => process.stdout.write(`${line}\n`);
    print("");
    print(`npm run bench (${report.mode} mode, ${report.machine.cpus} CPUs, node ${report.machine.node})`);
    print("");
    for (const line of renderTable(report.rows)) print(line);
    print("");
    print("Targets (reported, never asserted):");
    for (const line of renderTargets(report.rows)) print(`    ${line}`);
    print("");
    const shown = path.relative(process.cwd(), out);
    print(`Figures written to ${shown.startsWith("..") || shown === "" ? out : shown}`);
    print(`Total bench duration: ${(report.durationMs / 1000).toFixed(1)} s`);
    return EXIT_OK;
}

export async function main(argv: string[]): Promise<number> {
    const command = benchCommand();
    try {
        command.parse(argv, { from: "user" });
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
        throw e;
    }
    const flags = command.opts<BenchFlags>();
    try {
        if (flags.worker) return await worker(flags);
        if (flags.profile) {
            for (const line of await profile(flags.profile)) process.stdout.write(`${line}\n`);
            return EXIT_OK;
        }
        return await bench(flags);
    } catch (e) {
        process.stderr.write(`error: the bench failed: ${(e as Error).stack ?? String(e)}\n`);
        return e instanceof InvalidArgumentError ? EXIT_BAD_INPUT : EXIT_FAILED;
    }
}
