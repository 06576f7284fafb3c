/**
 * The copier against a real S3-compatible server (s3rver, started here) through the real AWS SDK v3 S3 client.
 * Faults (errors, cut connections, corrupted bodies) come from a proxy in front of the server; a rotting disk is
 * the server's own object file overwritten.
 */
import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type CopierOptions, MIB, runBackup } from "../../backup/copier";
import { RegionRefused } from "../../backup/jobSpec";
import { S3TestServer } from "../support/s3Server";

const KMS_KEY = "arn:aws:kms:us-east-1:111111111111:key/0f0f0f0f-1111-2222-3333-444444444444";
let server: S3TestServer;
let client: S3Client;
let n = 0;

beforeAll(async () => {
    server = new S3TestServer();
    await server.start();
    client = server.client();
});
afterAll(() => server.stop());

/** A fresh source, backup and state bucket, and copier options over them. */
async function setup(extra: Partial<CopierOptions> = {}) {
    n++;
    const source = await server.bucket(`source-${n}`);
    const backup = await server.bucket(`backup-${n}`);
    const state = await server.bucket(`state-${n}`);
    server.fault = () => "pass";
    server.seen.length = 0;
    const options: CopierOptions = {
        job: "us-user-data-backup",
        dataClass: "us-user-data",
        source: { client, bucket: source, prefix: "users/" },
        destination: { client, bucket: backup, region: "us-east-1", kmsKeyArn: KMS_KEY },
        state: { client, bucket: state, prefix: "jobs/us" },
        retryDelayMs: 1,
        ...extra,
    };
    return { source, backup, state, options };
}

const put = (bucket: string, key: string, body: Buffer | string) => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const read = async (bucket: string, key: string) =>
    Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());
const keys = async (bucket: string) => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((c) => c.Key).sort();
const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const writes = () =>
    server.seen.filter((r) => r.op === "PutObject" || r.op === "UploadPart" || r.op === "CreateMultipartUpload").filter((r) => r.path.includes("/backup-"));

test("copies every object under the prefix, each write SSE-KMS under the backup key with its checksums, and records the watermark", async () => {
    const { source, backup, options } = await setup();
    await put(source, "users/a.json", '{"a":1}');
    await put(source, "users/deep/b.bin", randomBytes(1000));
    await put(source, "users/empty", Buffer.alloc(0));
    await put(source, "other/not-mine", "x");

    const report = await runBackup(options);

    expect(report).toMatchObject({ complete: true, listed: 3, skipped: 0, failed: [], deadLettered: [] });
    expect(report.copied.sort()).toEqual(["users/a.json", "users/deep/b.bin", "users/empty"]);
    expect(await keys(backup)).toEqual(["users/a.json", "users/deep/b.bin", "users/empty"]);
    for (const key of report.copied) {
        const original = await read(source, key);
        expect((await read(backup, key)).equals(original)).toBe(true);
        const head = await client.send(new HeadObjectCommand({ Bucket: backup, Key: key }));
        expect(head.Metadata).toMatchObject({ "backup-sha256": sha256(original), "backup-job": "us-user-data-backup" });
    }
    for (const w of writes()) {
        expect(w.headers).toMatchObject({ "x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id": KMS_KEY });
        expect(w.headers["content-md5"]).toBeDefined();
        expect(w.headers["x-amz-checksum-sha256"]).toBeDefined();
    }
    expect(report.watermark).toBe(report.startedAt);
    expect(report.backupAgeSeconds).toBeLessThan(60);
});

test("incremental: a second run copies nothing, a third only the new and the changed object; a deleted source object stays backed up", async () => {
    const { source, backup, options } = await setup();
    await put(source, "users/1", "one");
    await put(source, "users/2", "two");
    await put(source, "users/3", "three");
    expect((await runBackup(options)).copied).toHaveLength(3);

    server.seen.length = 0;
    const second = await runBackup(options);
    expect(second).toMatchObject({ copied: [], skipped: 3, complete: true });
    expect(writes()).toHaveLength(0);

    await put(source, "users/2", "two, changed");
    await put(source, "users/4", "four");
    await client.send(new DeleteObjectCommand({ Bucket: source, Key: "users/3" }));
    server.seen.length = 0;
    const third = await runBackup(options);
    expect(third.copied.sort()).toEqual(["users/2", "users/4"]);
    expect(writes()).toHaveLength(2);
    expect((await read(backup, "users/2")).toString()).toBe("two, changed");
    expect((await read(backup, "users/3")).toString()).toBe("three");
    expect(server.seen.some((r) => r.op === "DeleteObject" && r.path.includes("/backup-"))).toBe(false);
});

test("an object larger than the multipart threshold is copied in parts and arrives whole", async () => {
    const { source, backup, options } = await setup({ multipartThreshold: 8 * MIB, partSize: 5 * MIB });
    const big = randomBytes(12 * MIB + 123);
    await put(source, "users/big.bin", big);
    await put(source, "users/small", "s");

    const report = await runBackup(options);

    expect(report).toMatchObject({ complete: true, failed: [] });
    expect(server.count("CreateMultipartUpload")).toBe(1);
    expect(server.seen.filter((r) => r.op === "UploadPart").map((r) => r.query.get("partNumber"))).toEqual(["1", "2", "3"]);
    expect((await read(backup, "users/big.bin")).equals(big)).toBe(true);
    expect((await client.send(new HeadObjectCommand({ Bucket: backup, Key: "users/big.bin" }))).Metadata).toMatchObject({ "backup-sha256": sha256(big) });
    expect((await read(backup, "users/small")).toString()).toBe("s");
});

test("resumes after a failure mid-object: the next run sends only the parts the failed one did not", async () => {
    const { source, backup, options } = await setup({ multipartThreshold: 8 * MIB, partSize: 5 * MIB, attemptsPerRun: 2 });
    const big = randomBytes(20 * MIB);
    await put(source, "users/big.bin", big);
    // The connection drops for every part after the second: the run fails mid-object.
    let partsThrough = 0;
    server.fault = (r) => (r.op === "UploadPart" ? (++partsThrough <= 2 ? "pass" : "reset") : "pass");

    const first = await runBackup(options);
    expect(first.complete).toBe(false);
    expect(first.failed.map((f) => f.key)).toEqual(["users/big.bin"]);
    expect(await keys(backup)).toEqual([]);

    server.fault = () => "pass";
    server.seen.length = 0;
    const second = await runBackup(options);

    expect(second).toMatchObject({ complete: true, copied: ["users/big.bin"], resumed: [{ key: "users/big.bin", partsAlreadySent: 2 }] });
    expect(server.count("CreateMultipartUpload")).toBe(0);
    expect(server.seen.filter((r) => r.op === "UploadPart").map((r) => r.query.get("partNumber"))).toEqual(["3", "4"]);
    expect((await read(backup, "users/big.bin")).equals(big)).toBe(true);
});

test("retries a failing write within the run", async () => {
    const { source, backup, options } = await setup({ attemptsPerRun: 3 });
    await put(source, "users/flaky", "eventually");
    let puts = 0;
    server.fault = (r) => (r.op === "PutObject" && r.path.includes("/backup-") && ++puts <= 2 ? { status: 503, code: "SlowDown" } : "pass");

    const report = await runBackup(options);

    expect(puts).toBe(3);
    expect(report).toMatchObject({ complete: true, copied: ["users/flaky"], failed: [] });
    expect((await read(backup, "users/flaky")).toString()).toBe("eventually");
});

test("a checksum mismatch is never recorded as a backup: bytes corrupted in transit, and a source whose bytes no longer match its checksum", async () => {
    const { source, options } = await setup({ attemptsPerRun: 1 });
    await put(source, "users/in-transit", "payload that a broken link flips");
    await put(source, "users/rotten", "original bytes");
    writeFileSync(server.objectFile(source, "users/rotten"), "rotten   bytes");
    server.fault = (r) => (r.op === "PutObject" && r.path.endsWith("/users/in-transit") ? "corrupt-body" : "pass");

    const report = await runBackup(options);

    expect(report.complete).toBe(false);
    const errors = Object.fromEntries(report.failed.map((f) => [f.key, f.error]));
    expect(errors["users/in-transit"]).toMatch(/^ChecksumMismatch: backup of 'users\/in-transit': the server stored MD5/);
    expect(errors["users/rotten"]).toMatch(/^ChecksumMismatch: source 'users\/rotten': its ETag is MD5/);
    expect(report.watermark).toBeUndefined();

    // The link heals: the next run copies the object; the rotten one keeps failing.
    server.fault = () => "pass";
    const next = await runBackup(options);
    expect(next.copied).toEqual(["users/in-transit"]);
    expect(next.failed.map((f) => f.key)).toEqual(["users/rotten"]);
});

test("a copy that keeps failing goes to a dead letter after the configured runs, and later runs leave it there", async () => {
    const { source, state, options } = await setup({ attemptsPerRun: 1, deadLetterAfterRuns: 2 });
    await put(source, "users/poison", "never lands");
    await put(source, "users/fine", "lands");
    server.fault = (r) => (r.op === "PutObject" && r.path.endsWith("/users/poison") ? { status: 500, code: "InternalError" } : "pass");

    const first = await runBackup(options);
    expect(first).toMatchObject({ copied: ["users/fine"], deadLettered: [], complete: false });
    const second = await runBackup(options);
    expect(second.deadLettered).toEqual([{ key: "users/poison", path: expect.stringMatching(/^jobs\/us\/dead-letter\/.*\.json$/) }]);
    expect(second).toMatchObject({ failed: [], complete: true });
    const letter = JSON.parse((await read(state, second.deadLettered[0].path)).toString());
    expect(letter).toMatchObject({ job: "us-user-data-backup", key: "users/poison", runs: 2, lastError: expect.stringContaining("InternalError") });

    server.seen.length = 0;
    const third = await runBackup(options);
    expect(third).toMatchObject({ copied: [], deadLettered: [], failed: [], complete: true });
    expect(writes()).toHaveLength(0);
});

test("refuses a destination in another region before writing anything", async () => {
    // The job's class may not go there at all: refused before the server is asked.
    const us = await setup({ destination: { client, bucket: "anything", region: "ap-southeast-1", kmsKeyArn: KMS_KEY } });
    await put(us.source, "users/x", "x");
    server.seen.length = 0;
    await expect(runBackup(us.options)).rejects.toThrow(
        new RegionRefused(
            "destination bucket 'anything' is in aws:ap-southeast-1, not approved for us-user-data (approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1)",
        ),
    );
    expect(server.seen).toHaveLength(0);

    // An approved region, but the server says the bucket is elsewhere (s3rver keeps every bucket in us-east-1).
    const nonUs = await setup({ dataClass: "non-us-user-data", job: "non-us-user-data-backup" });
    nonUs.options.destination = { ...nonUs.options.destination, region: "ap-southeast-1" };
    await put(nonUs.source, "users/y", "y");
    server.seen.length = 0;
    await expect(runBackup(nonUs.options)).rejects.toThrow(
        `destination bucket '${nonUs.backup}' is in us-east-1, not ap-southeast-1 as the job declares: nothing was copied`,
    );
    expect(writes()).toHaveLength(0);
    expect(await keys(nonUs.backup)).toEqual([]);
});
