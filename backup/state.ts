/**
 * The job's state, kept as JSON objects beside the source (`<state.prefix>/...`): what was copied (the manifest),
 * how often each failing object failed, the multipart upload in flight, and the dead letters. The put-only writer
 * cannot read the backup bucket, so nothing here could be learnt from it.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { isNotFound } from "./s3";

/** One copied version of a source object. */
export interface ManifestEntry {
    etag: string;
    size: number;
    /** SHA-256 of the bytes, hex; also in the backup object's `backup-sha256` metadata. */
    sha256: string;
    copiedAt: string;
    versionId?: string;
}

export interface Failure {
    etag: string;
    /** Runs in which this version failed. */
    runs: number;
    lastError: string;
    deadLettered?: string;
}

export interface Manifest {
    version: 1;
    /** Start of the last run that left nothing behind: everything in the source then is in the backup (or dead-lettered). */
    watermark?: string;
    objects: Record<string, ManifestEntry>;
    failures: Record<string, Failure>;
}

export interface InflightPart {
    partNumber: number;
    etag: string;
    sha256: string;
    md5: string;
}

/** A multipart upload the job started: a later run continues it from the parts recorded here. */
export interface Inflight {
    key: string;
    sourceEtag: string;
    size: number;
    partSize: number;
    uploadId: string;
    /** SHA-256 (hex) and MD5 (hex) of the whole object, from the first pass. */
    sha256: string;
    md5: string;
    /** SHA-256 (base64) of each part as the first pass read it. */
    partDigests: string[];
    parts: InflightPart[];
}

export interface StateLocation {
    client: S3Client;
    bucket: string;
    prefix: string;
}

const path = (s: StateLocation, name: string) => `${s.prefix.replace(/\/$/, "")}${s.prefix ? "/" : ""}${name}`;

async function readJson<T>(s: StateLocation, name: string): Promise<T | undefined> {
    try {
        const out = await s.client.send(new GetObjectCommand({ Bucket: s.bucket, Key: path(s, name) }));
        return JSON.parse(await out.Body!.transformToString()) as T;
    } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
    }
}

async function writeJson(s: StateLocation, name: string, value: unknown): Promise<void> {
    await s.client.send(new PutObjectCommand({ Bucket: s.bucket, Key: path(s, name), Body: JSON.stringify(value), ContentType: "application/json" }));
}

export async function loadManifest(s: StateLocation): Promise<Manifest> {
    const m = await readJson<Manifest>(s, "manifest.json");
    if (m === undefined) return { version: 1, objects: Object.create(null), failures: Object.create(null) };
    if (m.version !== 1) throw new Error(`state: manifest version ${String(m.version)} is not 1`);
    // Keys are object names from the source: data, never prototype keys.
    return { ...m, objects: Object.assign(Object.create(null), m.objects), failures: Object.assign(Object.create(null), m.failures) };
}

export const saveManifest = (s: StateLocation, m: Manifest) => writeJson(s, "manifest.json", m);
export const loadInflight = (s: StateLocation) => readJson<Inflight | null>(s, "inflight.json").then((x) => x ?? undefined);
export const saveInflight = (s: StateLocation, i: Inflight | null) => writeJson(s, "inflight.json", i);

/** A dead letter: an object version the job gave up on, for an operator (docs/RUNBOOK.md, "Backups and restores"). */
export async function writeDeadLetter(s: StateLocation, job: string, key: string, failure: Failure, at: string): Promise<string> {
    const id = `${at.replace(/[:.]/g, "-")}-${Buffer.from(key).toString("base64url").slice(0, 80)}`;
    await writeJson(s, `dead-letter/${id}.json`, { job, key, ...failure, at });
    return path(s, `dead-letter/${id}.json`);
}
