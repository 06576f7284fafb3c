/**
 * `npm run restore` (its main, in process) against a real S3-compatible server: a drill restores a prefix of a
 * backup the copier wrote into a scratch bucket; bad input exits 2 naming the flag and writes nothing; an object
 * that fails verification stops the restore before any write.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { runBackup } from "../../backup/copier";
import { main } from "../../backup/restoreCli";
import { S3TestServer } from "../support/s3Server";

let server: S3TestServer;
let client: S3Client;
let backup: string;
let out: string[];
let err: string[];

beforeAll(async () => {
    server = new S3TestServer();
    await server.start();
    client = server.client();
    process.env.AWS_ACCESS_KEY_ID = "S3RVER";
    process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
    process.env.RESTORE_TARGET_ACCESS_KEY_ID = "S3RVER";
    process.env.RESTORE_TARGET_SECRET_ACCESS_KEY = "S3RVER";
    const source = await server.bucket("primary");
    backup = await server.bucket("backup");
    await server.bucket("state");
    for (const [key, body] of [
        ["users/1/profile.json", '{"name":"one"}'],
        ["users/1/avatar.png", randomBytes(3000)],
        ["users/1/video.bin", randomBytes(6 * 1024 * 1024)],
        ["users/2/profile.json", '{"name":"two"}'],
    ] as const)
        await client.send(new PutObjectCommand({ Bucket: source, Key: key, Body: body }));
    const report = await runBackup({
        job: "us-user-data-backup",
        dataClass: "us-user-data",
        source: { client, bucket: source, prefix: "" },
        destination: { client, bucket: backup, region: "us-east-1", kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/k" },
        state: { client, bucket: "state", prefix: "us" },
        multipartThreshold: 5 * 1024 * 1024,
        partSize: 5 * 1024 * 1024,
    });
    expect(report.copied).toHaveLength(4);
});
afterAll(() => server.stop());

beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    jest.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(() => jest.restoreAllMocks());

const keys = async (bucket: string) => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((c) => c.Key).sort();
const body = async (bucket: string, key: string) => (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
const drill = (to: string, ...extra: string[]) => [
    "--stack",
    "us-prod",
    "--prefix",
    "users/1/",
    "--from",
    backup,
    "--to",
    to,
    "--backup-endpoint",
    server.endpoint,
    "--target-endpoint",
    server.endpoint,
    ...extra,
];

test("a drill restores one prefix, verified, into a scratch bucket", async () => {
    const scratch = await server.bucket("drill-scratch");
    expect(await main(drill(scratch))).toBe(0);
    expect(await keys(scratch)).toEqual(["users/1/avatar.png", "users/1/profile.json", "users/1/video.bin"]);
    expect(await body(scratch, "users/1/profile.json")).toBe('{"name":"one"}');
    expect(out.join("")).toContain(
        `restore: 3 object(s), ${3014 + 6 * 1024 * 1024} bytes under 'users/1/' from backup written to ${scratch} (oci:us-ashburn-1)`,
    );
});

test("--dry-run verifies and writes nothing", async () => {
    const scratch = await server.bucket("drill-dry");
    expect(await main(drill(scratch, "--dry-run"))).toBe(0);
    expect(await keys(scratch)).toEqual([]);
    expect(out.join("")).toContain("verified (dry run, nothing written)");
});

test.each([
    [["--prefix", "users/"], "error: required option '--stack <name>' not specified"],
    [["--stack", "us-prod"], "error: required option '--prefix <prefix>' not specified"],
    [["--stack", "eu-prod", "--prefix", "users/", "--from", "b", "--to", "c"], "error: --stack eu-prod: no stacks/Pulumi.eu-prod.yaml"],
    [["--stack", "../x", "--prefix", "users/"], "error: --stack '../x': a stack name holds only letters"],
    [["--stack", "us-prod", "--prefix", "/users"], "error: --prefix '/users': give a non-empty key prefix"],
    [["--stack", "us-prod", "--prefix", "users/", "--to", "c"], "error: --from or --stack-outputs is required"],
    [["--stack", "us-prod", "--prefix", "users/", "--stack-outputs", join(tmpdir(), "missing.json")], "error: --stack-outputs"],
    [
        ["--stack", "us-prod", "--prefix", "users/", "--from", "b", "--to", "c", "--target-endpoint", "ftp://x"],
        "error: --target-endpoint 'ftp://x' is not an http(s) URL",
    ],
])("bad input %j exits 2 naming the flag, and writes nothing", async (argv, message) => {
    const before = server.seen.length;
    expect(await main(argv)).toBe(2);
    expect(err.join("")).toContain(message);
    expect(server.seen.slice(before).filter((r) => r.method !== "GET" && r.method !== "HEAD")).toEqual([]);
});

test("a backup object that fails verification stops the restore before any write (exit 1)", async () => {
    const scratch = await server.bucket("drill-rotten");
    writeFileSync(server.objectFile(backup, "users/2/profile.json"), '{"name":"TWO"}');
    expect(await main([...drill(scratch).map((a) => (a === "users/1/" ? "users/" : a))])).toBe(1);
    expect(err.join("")).toMatch(
        /restore refused: nothing was written: 1 object\(s\) failed verification: 'users\/2\/profile.json': SHA-256 [0-9a-f]{64}, the backup recorded/,
    );
    expect(await keys(scratch)).toEqual([]);
});
