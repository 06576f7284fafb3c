import { Command, Option } from "commander";
import { checkFiles, emit, failed, note, outputOptions, parse } from "../report/cli";
import { exitCodeOf } from "../report/exitCode";
import { Format, renderReport, verdictLine } from "../report/render";
import { runAudit } from "./runAudit";
import { ACCEPT_WEAKENED_FLAG } from "../analyzer/weakenedConfig";

interface CliOptions {
    policyPack: string[];
    policyPackConfig: string[];
    format: Format;
    out?: string;
    maxInputSize: number;
    acceptWeakenedConfig?: boolean;
    stackConfig?: string;
}

function collect(value: string, previous: string[]): string[] {
    return [...previous, value];
}

export function auditCommand(): Command {
    const command = new Command("audit")
        .description(
            "Audits a deployed stack: runs the policy packs over a `pulumi stack export` checkpoint (outputs as the engine gives them) and prints the residency report.",
        )
        .argument("<stack-export.json>", "the output of `pulumi stack export`")
        .addOption(new Option("--policy-pack <dir>", "run this policy pack (repeatable)").argParser(collect).default([] as string[], "policies/"))
        .addOption(
            new Option("--policy-pack-config <file>", "JSON config for the policy pack at the same position (repeatable)")
                .argParser(collect)
                .default([] as string[]),
        )
        .addOption(
            new Option(
                "--stack-config <file>",
                "the stack's Pulumi.<stack>.yaml: its declared data class (residency:defaultDataClass) labels the deployed resources as it did at preview",
            ),
        )
        .addOption(
            new Option(ACCEPT_WEAKENED_FLAG, "run a policy config that weakens the residency gate with the normal exit code (the verdict stays NOT ENFORCED)"),
        );
    return outputOptions(command)
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

/** Exit 0: no mandatory violation; 1: at least one, or a weakened policy config not accepted; 2: bad input. */
export async function main(argv: string[]): Promise<number> {
    const command = auditCommand();
    const stopped = parse(command, argv);
    if (stopped !== undefined) return stopped;
    const [checkpoint] = command.args;
    const opts = command.opts<CliOptions>();
    try {
        checkFiles(opts, [
            { flag: "input", file: checkpoint },
            ...opts.policyPackConfig.map((file) => ({ flag: "--policy-pack-config", file })),
            ...(opts.stackConfig ? [{ flag: "--stack-config", file: opts.stackConfig }] : []),
        ]);
        const doc = await runAudit(
            {
                checkpoint,
                policyPack: opts.policyPack,
                policyPackConfig: opts.policyPackConfig,
                acceptWeakenedConfig: opts.acceptWeakenedConfig,
                stackConfig: opts.stackConfig,
            },
            note,
        );
        emit(renderReport(doc, opts.format), opts.out);
        note(`audit: ${verdictLine(doc)}${opts.out ? ` (report written to ${opts.out})` : ""}`);
        return exitCodeOf(doc);
    } catch (e) {
        return failed(e, "the audit");
    }
}
