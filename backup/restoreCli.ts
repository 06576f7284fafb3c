/**
 * `npm run restore -- --stack us-prod --prefix P [--to BUCKET] ...`: restores a prefix of the Virginia backup into
 * the stack's OCI primary bucket, or into a scratch bucket for a drill. Exit 0: restored (or verified, with
 * --dry-run); 1: an object failed verification, nothing written; 2: bad input, naming the flag, nothing written.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command, Option } from "commander";
import { parse as parseYaml } from "yaml";
import { parseStackConfig } from "../infra/config";
import { AWS_US_BACKUP_REGION } from "../infra/labels";
import { EXIT_BAD_INPUT, EXIT_MANDATORY_VIOLATION, EXIT_OK, UserInputError } from "../tools/errors";
import { ociCompatEndpoint, RegionRefused } from "./jobSpec";
import { restorePrefix, RestoreVerificationFailed } from "./restore";
import { s3Client } from "./s3";

interface Flags {
    stack: string;
    prefix: string;
    to?: string;
    from?: string;
    stackOutputs?: string;
    backupEndpoint?: string;
    targetEndpoint?: string;
    dryRun?: boolean;
}

const ROOT = resolve(__dirname, "..");

function command(): Command {
    return new Command("restore")
        .description("Restores a prefix from the Virginia backup into the OCI primary bucket, or into a scratch bucket (--to) for a drill.")
        .requiredOption("--stack <name>", "the stack whose backup is restored (stacks/Pulumi.<name>.yaml)")
        .requiredOption("--prefix <prefix>", "the key prefix to restore, e.g. users/1234/")
        .option("--to <bucket>", "write into this bucket (a scratch bucket in the primary region, for a drill) instead of the primary bucket")
        .option("--from <bucket>", "read this backup bucket instead of the stack's (bucketNames.awsUsUserDataBackup)")
        .option("--stack-outputs <file>", "what `pulumi stack output --json` printed for the stack: the bucket names")
        .option("--backup-endpoint <url>", "S3 endpoint of the backup (default: the AWS regional endpoint of us-east-1)")
        .option("--target-endpoint <url>", "S3 endpoint of the target (default: the OCI S3 Compatibility API of the primary region)")
        .addOption(new Option("--dry-run", "read and verify every object, write nothing"))
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

function stackConfig(stack: string) {
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(stack))
        throw new UserInputError(`--stack '${stack.slice(0, 100)}': a stack name holds only letters, digits, '_', '.' and '-'`);
    const file = join(ROOT, "stacks", `Pulumi.${stack}.yaml`);
    if (!existsSync(file)) throw new UserInputError(`--stack ${stack}: no stacks/Pulumi.${stack}.yaml`);
    const doc = (parseYaml(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (!key.startsWith("us-data-residency:")) continue;
        // As the engine hands config to a program: strings as they are, lists and objects as JSON.
        raw[key.slice("us-data-residency:".length)] = typeof value === "string" ? value : JSON.stringify(value);
    }
    try {
        return parseStackConfig(raw);
    } catch (e) {
        throw new UserInputError(`--stack ${stack}: ${(e as Error).message}`);
    }
}

function bucketFromOutputs(file: string | undefined, key: string, flag: string): string {
    if (file === undefined) throw new UserInputError(`${flag} or --stack-outputs is required: the bucket names come from the stack's outputs`);
    let outputs: unknown;
    try {
        outputs = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
        throw new UserInputError(`--stack-outputs ${file}: cannot read it as JSON: ${(e as Error).message}`);
    }
    const names = (outputs as { bucketNames?: unknown })?.bucketNames;
    const name = names && typeof names === "object" ? (names as Record<string, unknown>)[key] : undefined;
    if (typeof name !== "string") throw new UserInputError(`--stack-outputs ${file}: has no bucketNames.${key}`);
    return name;
}

function checkPrefix(prefix: string): void {
    if (prefix === "" || prefix.startsWith("/") || prefix.includes("..") || prefix.length > 512)
        throw new UserInputError(`--prefix '${prefix.slice(0, 100)}': give a non-empty key prefix that does not start with '/' or hold '..'`);
}

function checkUrl(url: string | undefined, flag: string): void {
    if (url === undefined) return;
    try {
        const u = new URL(url);
        if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("not http(s)");
    } catch {
        throw new UserInputError(`${flag} '${url.slice(0, 100)}' is not an http(s) URL`);
    }
}

export async function main(argv: string[]): Promise<number> {
    const cmd = command();
    try {
        cmd.parse(argv, { from: "user" });
    } catch (e) {
        return (e as { exitCode?: number }).exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    const f = cmd.opts<Flags>();
    try {
        checkPrefix(f.prefix);
        checkUrl(f.backupEndpoint, "--backup-endpoint");
        checkUrl(f.targetEndpoint, "--target-endpoint");
        const config = stackConfig(f.stack);
        const from = f.from ?? bucketFromOutputs(f.stackOutputs, "awsUsUserDataBackup", "--from");
        const to = f.to ?? bucketFromOutputs(f.stackOutputs, "ociUsUserDataPrimary", "--to");
        const region = config.ociPrimaryRegion;
        const targetCredentials =
            process.env.RESTORE_TARGET_ACCESS_KEY_ID && process.env.RESTORE_TARGET_SECRET_ACCESS_KEY
                ? { accessKeyId: process.env.RESTORE_TARGET_ACCESS_KEY_ID, secretAccessKey: process.env.RESTORE_TARGET_SECRET_ACCESS_KEY }
                : undefined;
        const report = await restorePrefix({
            dataClass: "us-user-data",
            prefix: f.prefix,
            from: { client: s3Client({ region: AWS_US_BACKUP_REGION, endpoint: f.backupEndpoint }), bucket: from },
            to: {
                client: s3Client({
                    region,
                    endpoint: f.targetEndpoint ?? ociCompatEndpoint(config.ociObjectStorageNamespace, region),
                    credentials: targetCredentials,
                }),
                bucket: to,
                cloud: "oci",
                region,
            },
            dryRun: f.dryRun,
            log: (line) => process.stdout.write(`${line}\n`),
        });
        process.stdout.write(
            `restore: ${report.objects} object(s), ${report.bytes} bytes under '${f.prefix}' from ${from} ${f.dryRun ? "verified (dry run, nothing written)" : `written to ${to} (oci:${region})`}\n`,
        );
        return EXIT_OK;
    } catch (e) {
        if (e instanceof UserInputError) {
            process.stderr.write(`error: ${e.message}\n`);
            return EXIT_BAD_INPUT;
        }
        if (e instanceof RestoreVerificationFailed || e instanceof RegionRefused) {
            process.stderr.write(`error: restore refused: ${e.message}\n`);
            return EXIT_MANDATORY_VIOLATION;
        }
        process.stderr.write(`error: the restore failed: ${(e as Error).message}\n`);
        return EXIT_MANDATORY_VIOLATION;
    }
}
