/**
 * Restore: copies a prefix from a backup bucket into a target bucket (the OCI primary, or a scratch bucket for a
 * drill). Every object is read and checked against the SHA-256 the copier recorded (`backup-sha256`) before
 * anything is written: if one fails, nothing is written. Each write carries Content-MD5 and SHA-256 of the
 * verified bytes, and the server's answer must match.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Cloud } from "../policies/model/regions";
import { assertApproved, type BackupClass } from "./jobSpec";

export interface RestoreOptions {
    dataClass: BackupClass;
    prefix: string;
    from: { client: S3Client; bucket: string };
    to: { client: S3Client; bucket: string; cloud: Cloud; region: string };
    /** Verify only: write nothing. */
    dryRun?: boolean;
    log?: (line: string) => void;
}

export interface RestoreReport {
    objects: number;
    bytes: number;
    written: number;
}

export class RestoreVerificationFailed extends Error {
    override readonly name = "RestoreVerificationFailed";
}

export async function restorePrefix(o: RestoreOptions): Promise<RestoreReport> {
    const log = o.log ?? (() => undefined);
    assertApproved(o.dataClass, o.to.cloud, o.to.region, `restore target '${o.to.bucket}'`);
    const keys: string[] = [];
    let token: string | undefined;
    do {
        const page = await o.from.client.send(new ListObjectsV2Command({ Bucket: o.from.bucket, Prefix: o.prefix, ContinuationToken: token }));
        for (const c of page.Contents ?? []) if (c.Key !== undefined) keys.push(c.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);

    // Staged on local disk, verified, and only then written: a bad object stops the restore before any write.
    const stage = mkdtempSync(join(tmpdir(), "restore-"));
    try {
        const staged: { key: string; file: string; sha256: string; size: number }[] = [];
        const problems: string[] = [];
        for (const [i, key] of keys.entries()) {
            const out = await o.from.client.send(new GetObjectCommand({ Bucket: o.from.bucket, Key: key }));
            const bytes = Buffer.from(await out.Body!.transformToByteArray());
            const recorded = out.Metadata?.["backup-sha256"];
            const actual = createHash("sha256").update(bytes).digest("hex");
            if (recorded === undefined) problems.push(`'${key}' carries no backup-sha256 (not written by the backup job)`);
            else if (recorded !== actual) problems.push(`'${key}': SHA-256 ${actual}, the backup recorded ${recorded}`);
            const file = join(stage, String(i));
            writeFileSync(file, bytes);
            staged.push({ key, file, sha256: actual, size: bytes.length });
        }
        if (problems.length > 0)
            throw new RestoreVerificationFailed(`nothing was written: ${problems.length} object(s) failed verification: ${problems.join("; ")}`);
        log(`verified ${staged.length} object(s) under '${o.prefix}' in ${o.from.bucket}`);
        const report: RestoreReport = { objects: staged.length, bytes: staged.reduce((n, s) => n + s.size, 0), written: 0 };
        if (o.dryRun) return report;
        for (const s of staged) {
            const bytes = readFileSync(s.file);
            const md5 = createHash("md5").update(bytes).digest();
            const answer = await o.to.client.send(
                new PutObjectCommand({
                    Bucket: o.to.bucket,
                    Key: s.key,
                    Body: bytes,
                    ContentMD5: md5.toString("base64"),
                    ChecksumSHA256: Buffer.from(s.sha256, "hex").toString("base64"),
                    Metadata: { "restored-sha256": s.sha256 },
                }),
            );
            const etag = (answer.ETag ?? "").replace(/"/g, "");
            const ok =
                answer.ChecksumSHA256 !== undefined ? answer.ChecksumSHA256 === Buffer.from(s.sha256, "hex").toString("base64") : etag === md5.toString("hex");
            if (!ok)
                throw new RestoreVerificationFailed(
                    `'${s.key}': the target's answer does not match the bytes sent (${report.written} of ${staged.length} written)`,
                );
            report.written++;
            log(`restored ${s.key} (${s.size} bytes, sha256 ${s.sha256.slice(0, 12)}…)`);
        }
        return report;
    } finally {
        rmSync(stage, { recursive: true, force: true });
    }
}
