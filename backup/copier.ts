/**
 * The backup copier: copies the new and changed objects of a source prefix into the backup bucket, verifying
 * every byte, and never deletes. One run:
 *
 * 1. refuses a destination outside the locations approved for the job's class, or a bucket whose server says it
 *    is in another region than the job's, before it writes anything;
 * 2. lists the source prefix and compares each object's ETag and size with the manifest: only new and changed
 *    versions are copied (a deleted source object stays in the backup, under its Object Lock retention);
 * 3. copies each object: small ones in one PutObject, large ones in parts, each write carrying Content-MD5 and
 *    x-amz-checksum-sha256 of the bytes read and SSE-KMS with the backup key; the server's answer must match;
 *    the source's bytes must match its own checksum (its MD5 ETag, or a second read where it has none);
 * 4. a large object is hashed whole first (its SHA-256 goes into the backup's metadata when the upload starts),
 *    then sent in parts; the upload in flight is recorded after every part, so a run that fails mid-object is
 *    continued by the next, which neither reads nor sends the parts already sent;
 * 5. a failing object is retried within the run, and again by later runs; after `deadLetterAfterRuns` failing runs
 *    it goes to a dead letter and the run reports it (the alarm);
 * 6. the watermark (start of the last run that left nothing behind) gives the age of the newest complete backup.
 */
import { createHash } from "node:crypto";
import {
    CompleteMultipartUploadCommand,
    CreateMultipartUploadCommand,
    GetObjectCommand,
    HeadObjectCommand,
    ListObjectsV2Command,
    PutObjectCommand,
    type S3Client,
    UploadPartCommand,
} from "@aws-sdk/client-s3";
import { assertApproved, type BackupClass, RegionRefused } from "./jobSpec";
import { bucketRegion } from "./s3";
import {
    type Failure,
    type Inflight,
    loadInflight,
    loadManifest,
    type Manifest,
    saveInflight,
    saveManifest,
    type StateLocation,
    writeDeadLetter,
} from "./state";

export const MIB = 1024 * 1024;

export interface CopierOptions {
    job: string;
    dataClass: BackupClass;
    source: { client: S3Client; bucket: string; prefix: string };
    destination: { client: S3Client; bucket: string; region: string; kmsKeyArn: string };
    state: StateLocation;
    /** Objects larger than this are copied in parts. Default 64 MiB. */
    multipartThreshold?: number;
    /** Part size of multipart copies (S3: at least 5 MiB). Default 16 MiB. */
    partSize?: number;
    /** Attempts per object within one run. Default 3. */
    attemptsPerRun?: number;
    /** Failing runs after which an object version goes to a dead letter. Default 5. */
    deadLetterAfterRuns?: number;
    /** Manifest checkpoint every this many copied objects. Default 25. */
    checkpointEvery?: number;
    /** Epoch ms after which no new object is started (the Lambda's time budget). */
    deadline?: number;
    /** Pause between attempts, ms (doubled each time). Default 200. */
    retryDelayMs?: number;
    now?: () => Date;
    log?: (event: Record<string, unknown>) => void;
}

export interface RunReport {
    job: string;
    startedAt: string;
    /** Every listed object is in the backup or dead-lettered: the watermark moved to `startedAt`. */
    complete: boolean;
    listed: number;
    copied: string[];
    skipped: number;
    bytesCopied: number;
    /** Objects whose multipart upload continued from an earlier run, with the parts that run had sent. */
    resumed: { key: string; partsAlreadySent: number }[];
    failed: { key: string; error: string }[];
    deadLettered: { key: string; path: string }[];
    /** Age of the newest complete backup, seconds (from the watermark); undefined before the first complete run. */
    backupAgeSeconds?: number;
    watermark?: string;
}

export class ChecksumMismatch extends Error {
    override readonly name = "ChecksumMismatch";
}

interface SourceObject {
    key: string;
    etag: string;
    size: number;
}

interface Digest {
    md5: Buffer;
    sha256: Buffer;
}

const digest = (bytes: Buffer): Digest => ({
    md5: createHash("md5").update(bytes).digest(),
    sha256: createHash("sha256").update(bytes).digest(),
});
const unquote = (etag: string | undefined) => (etag ?? "").replace(/^"|"$/g, "");
const PLAIN_MD5 = /^[0-9a-f]{32}$/;

/** The server's answer to a write must name the bytes we sent: its SHA-256 checksum, or an MD5 ETag where it gives no checksum. */
function verifyWrite(what: string, answer: { ETag?: string; ChecksumSHA256?: string }, sent: Digest): void {
    if (answer.ChecksumSHA256 !== undefined) {
        if (answer.ChecksumSHA256 !== sent.sha256.toString("base64"))
            throw new ChecksumMismatch(`${what}: the server stored SHA-256 ${answer.ChecksumSHA256}, the bytes read have ${sent.sha256.toString("base64")}`);
        return;
    }
    const etag = unquote(answer.ETag);
    if (PLAIN_MD5.test(etag)) {
        if (etag !== sent.md5.toString("hex"))
            throw new ChecksumMismatch(`${what}: the server stored MD5 ${etag}, the bytes read have ${sent.md5.toString("hex")}`);
        return;
    }
    throw new ChecksumMismatch(`${what}: the server's answer carries no checksum of the bytes it stored (ETag '${etag}')`);
}

async function readRange(o: CopierOptions, obj: SourceObject, start?: number, end?: number): Promise<Buffer> {
    const out = await o.source.client.send(
        new GetObjectCommand({
            Bucket: o.source.bucket,
            Key: obj.key,
            IfMatch: `"${obj.etag}"`,
            Range: start === undefined ? undefined : `bytes=${start}-${end}`,
        }),
    );
    return Buffer.from(await out.Body!.transformToByteArray());
}

/**
 * Checks the whole object's bytes (their MD5 and SHA-256) against the source's own checksum: its ETag where that
 * is an MD5, else its `x-amz-checksum-sha256`, else a second, independent read of the same version.
 */
async function verifySource(o: CopierOptions, obj: SourceObject, whole: Digest): Promise<void> {
    if (PLAIN_MD5.test(obj.etag)) {
        if (obj.etag !== whole.md5.toString("hex"))
            throw new ChecksumMismatch(`source '${obj.key}': its ETag is MD5 ${obj.etag}, the bytes read have ${whole.md5.toString("hex")}`);
        return;
    }
    const head = await o.source.client.send(
        new HeadObjectCommand({ Bucket: o.source.bucket, Key: obj.key, IfMatch: `"${obj.etag}"`, ChecksumMode: "ENABLED" }),
    );
    if (head.ChecksumSHA256 && !head.ChecksumSHA256.includes("-")) {
        if (head.ChecksumSHA256 !== whole.sha256.toString("base64")) throw new ChecksumMismatch(`source '${obj.key}': its SHA-256 differs from the bytes read`);
        return;
    }
    const again = createHash("sha256");
    const step = o.partSize ?? 16 * MIB;
    for (let start = 0; start < obj.size; start += step) again.update(await readRange(o, obj, start, Math.min(obj.size, start + step) - 1));
    if (obj.size === 0) again.update(await readRange(o, obj));
    if (!again.digest().equals(whole.sha256)) throw new ChecksumMismatch(`source '${obj.key}': two reads of version ${obj.etag} gave different bytes`);
}

const writeHeaders = (o: CopierOptions, obj: SourceObject) => ({
    Bucket: o.destination.bucket,
    Key: obj.key,
    ServerSideEncryption: "aws:kms" as const,
    SSEKMSKeyId: o.destination.kmsKeyArn,
    BucketKeyEnabled: true,
});

async function copySmall(o: CopierOptions, obj: SourceObject): Promise<{ sha256: string; versionId?: string }> {
    const bytes = await readRange(o, obj);
    if (bytes.length !== obj.size) throw new ChecksumMismatch(`source '${obj.key}': read ${bytes.length} bytes, listed ${obj.size}`);
    const d = digest(bytes);
    await verifySource(o, obj, d);
    const answer = await o.destination.client.send(
        new PutObjectCommand({
            ...writeHeaders(o, obj),
            Body: bytes,
            ContentMD5: d.md5.toString("base64"),
            ChecksumSHA256: d.sha256.toString("base64"),
            Metadata: { "backup-sha256": d.sha256.toString("hex"), "backup-source-etag": obj.etag, "backup-job": o.job },
        }),
    );
    verifyWrite(`backup of '${obj.key}'`, answer, d);
    return { sha256: d.sha256.toString("hex"), versionId: answer.VersionId };
}

/**
 * A large object, in parts. A first pass reads it whole to hash it (its SHA-256 goes into the backup's metadata,
 * which is fixed when the upload starts) and checks it against the source's checksum, noting each part's digest;
 * the second pass sends each part, which must read the same as in the first. Both the digests and the parts sent
 * are recorded, so a later run sends only what is missing.
 */
async function copyInParts(o: CopierOptions, obj: SourceObject, report: RunReport): Promise<{ sha256: string; versionId?: string }> {
    const partSize = o.partSize ?? 16 * MIB;
    const parts = Math.ceil(obj.size / partSize);
    const range = (n: number) => [(n - 1) * partSize, Math.min(obj.size, n * partSize) - 1] as const;
    let inflight: Inflight | undefined = await loadInflight(o.state);
    if (inflight && (inflight.key !== obj.key || inflight.sourceEtag !== obj.etag || inflight.partSize !== partSize)) inflight = undefined;
    if (inflight) {
        report.resumed.push({ key: obj.key, partsAlreadySent: inflight.parts.length });
    } else {
        const md5 = createHash("md5");
        const sha256 = createHash("sha256");
        const partDigests: string[] = [];
        for (let n = 1; n <= parts; n++) {
            const bytes = await readRange(o, obj, ...range(n));
            md5.update(bytes);
            sha256.update(bytes);
            partDigests.push(createHash("sha256").update(bytes).digest("base64"));
        }
        const whole: Digest = { md5: md5.digest(), sha256: sha256.digest() };
        await verifySource(o, obj, whole);
        const created = await o.destination.client.send(
            new CreateMultipartUploadCommand({
                ...writeHeaders(o, obj),
                ChecksumAlgorithm: "SHA256",
                Metadata: { "backup-sha256": whole.sha256.toString("hex"), "backup-source-etag": obj.etag, "backup-job": o.job },
            }),
        );
        inflight = {
            key: obj.key,
            sourceEtag: obj.etag,
            size: obj.size,
            partSize,
            uploadId: created.UploadId!,
            sha256: whole.sha256.toString("hex"),
            md5: whole.md5.toString("hex"),
            partDigests,
            parts: [],
        };
        await saveInflight(o.state, inflight);
    }
    for (let n = 1; n <= parts; n++) {
        if (inflight.parts.some((p) => p.partNumber === n)) continue;
        const bytes = await readRange(o, obj, ...range(n));
        const d = digest(bytes);
        if (d.sha256.toString("base64") !== inflight.partDigests[n - 1])
            throw new ChecksumMismatch(`source '${obj.key}' part ${n} reads differently than when the object was hashed`);
        const answer = await o.destination.client.send(
            new UploadPartCommand({
                Bucket: o.destination.bucket,
                Key: obj.key,
                UploadId: inflight.uploadId,
                PartNumber: n,
                Body: bytes,
                ContentMD5: d.md5.toString("base64"),
                ChecksumSHA256: d.sha256.toString("base64"),
            }),
        );
        verifyWrite(`part ${n} of '${obj.key}'`, answer, d);
        inflight.parts.push({ partNumber: n, etag: answer.ETag!, sha256: d.sha256.toString("base64"), md5: d.md5.toString("hex") });
        await saveInflight(o.state, inflight);
    }
    const ordered = [...inflight.parts].sort((a, b) => a.partNumber - b.partNumber);
    const done = await o.destination.client.send(
        new CompleteMultipartUploadCommand({
            Bucket: o.destination.bucket,
            Key: obj.key,
            UploadId: inflight.uploadId,
            MultipartUpload: { Parts: ordered.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, ChecksumSHA256: p.sha256 })) },
        }),
    );
    // Each part was checked on arrival; the completion names exactly those parts. Its own checksum must agree too.
    const composite = `${createHash("sha256")
        .update(Buffer.concat(ordered.map((p) => Buffer.from(p.sha256, "base64"))))
        .digest("base64")}-${ordered.length}`;
    const multipartEtag = `${createHash("md5")
        .update(Buffer.concat(ordered.map((p) => Buffer.from(p.md5, "hex"))))
        .digest("hex")}-${ordered.length}`;
    const etag = unquote(done.ETag);
    const agrees = done.ChecksumSHA256 !== undefined ? done.ChecksumSHA256 === composite : etag === multipartEtag || etag === inflight.md5;
    if (!agrees)
        throw new ChecksumMismatch(`backup of '${obj.key}': the completed upload (ETag '${etag}', checksum '${done.ChecksumSHA256}') is not the parts sent`);
    await saveInflight(o.state, null);
    return { sha256: inflight.sha256, versionId: done.VersionId };
}

async function listSource(o: CopierOptions): Promise<SourceObject[]> {
    const out: SourceObject[] = [];
    let token: string | undefined;
    do {
        const page = await o.source.client.send(new ListObjectsV2Command({ Bucket: o.source.bucket, Prefix: o.source.prefix, ContinuationToken: token }));
        for (const c of page.Contents ?? []) if (c.Key !== undefined) out.push({ key: c.Key, etag: unquote(c.ETag), size: c.Size ?? 0 });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Refuses, before any write, a destination the job's class may not go to or a bucket that is elsewhere than the job says. */
export async function checkDestination(o: Pick<CopierOptions, "dataClass" | "destination">): Promise<void> {
    assertApproved(o.dataClass, "aws", o.destination.region, `destination bucket '${o.destination.bucket}'`);
    const actual = await bucketRegion(o.destination.client, o.destination.bucket);
    if (actual !== o.destination.region)
        throw new RegionRefused(
            `destination bucket '${o.destination.bucket}' is in ${actual}, not ${o.destination.region} as the job declares: nothing was copied`,
        );
}

/** One run of a backup job. Throws only when it cannot start (a refused destination, unreadable state); object failures are in the report. */
export async function runBackup(o: CopierOptions): Promise<RunReport> {
    const now = o.now ?? (() => new Date());
    const log = o.log ?? (() => undefined);
    const started = now();
    const startedAt = started.toISOString();
    await checkDestination(o);
    const manifest: Manifest = await loadManifest(o.state);
    const report: RunReport = {
        job: o.job,
        startedAt,
        complete: false,
        listed: 0,
        copied: [],
        skipped: 0,
        bytesCopied: 0,
        resumed: [],
        failed: [],
        deadLettered: [],
    };
    const threshold = o.multipartThreshold ?? 64 * MIB;
    const attempts = o.attemptsPerRun ?? 3;
    const deadLetterAfter = o.deadLetterAfterRuns ?? 5;
    const checkpointEvery = o.checkpointEvery ?? 25;
    let sinceCheckpoint = 0;
    let stoppedEarly = false;

    const objects = await listSource(o);
    report.listed = objects.length;
    for (const obj of objects) {
        const known = manifest.objects[obj.key];
        if (known && known.etag === obj.etag && known.size === obj.size) {
            report.skipped++;
            continue;
        }
        const failure = manifest.failures[obj.key];
        if (failure?.deadLettered && failure.etag === obj.etag) continue; // given up on this version; a new version starts afresh
        if (o.deadline !== undefined && Date.now() >= o.deadline) {
            stoppedEarly = true;
            break;
        }
        let lastError = "";
        let copied: { sha256: string; versionId?: string } | undefined;
        for (let attempt = 1; attempt <= attempts && !copied; attempt++) {
            try {
                copied = obj.size > threshold ? await copyInParts(o, obj, report) : await copySmall(o, obj);
            } catch (e) {
                if (e instanceof RegionRefused) throw e;
                lastError = `${(e as Error).name}: ${(e as Error).message}`;
                log({ event: "copy-attempt-failed", job: o.job, key: obj.key, attempt, error: lastError });
                if (attempt < attempts) await sleep((o.retryDelayMs ?? 200) * 2 ** (attempt - 1));
            }
        }
        if (copied) {
            manifest.objects[obj.key] = { etag: obj.etag, size: obj.size, sha256: copied.sha256, copiedAt: now().toISOString(), versionId: copied.versionId };
            delete manifest.failures[obj.key];
            report.copied.push(obj.key);
            report.bytesCopied += obj.size;
            if (++sinceCheckpoint >= checkpointEvery) {
                await saveManifest(o.state, manifest);
                sinceCheckpoint = 0;
            }
            continue;
        }
        const previous: Failure | undefined = failure && failure.etag === obj.etag ? failure : undefined;
        const next: Failure = { etag: obj.etag, runs: (previous?.runs ?? 0) + 1, lastError };
        if (next.runs >= deadLetterAfter) {
            next.deadLettered = now().toISOString();
            const path = await writeDeadLetter(o.state, o.job, obj.key, next, next.deadLettered);
            report.deadLettered.push({ key: obj.key, path });
            log({ event: "dead-lettered", job: o.job, key: obj.key, path, runs: next.runs, error: lastError });
        } else {
            report.failed.push({ key: obj.key, error: lastError });
        }
        manifest.failures[obj.key] = next;
    }
    report.complete = !stoppedEarly && report.failed.length === 0;
    if (report.complete) manifest.watermark = startedAt;
    await saveManifest(o.state, manifest);
    report.watermark = manifest.watermark;
    if (manifest.watermark) report.backupAgeSeconds = Math.max(0, Math.round((now().getTime() - Date.parse(manifest.watermark)) / 1000));
    return report;
}
