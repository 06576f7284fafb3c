/** S3 clients and the few S3 answers the backup route reads, in one place. */
import { GetBucketLocationCommand, HeadBucketCommand, S3Client, type S3ClientConfig, S3ServiceException } from "@aws-sdk/client-s3";

export interface ClientOptions {
    /** Region the client signs for, e.g. `us-east-1` or an OCI region for its S3 Compatibility API. */
    region: string;
    /** A non-AWS endpoint: OCI's `https://<namespace>.compat.objectstorage.<region>.oraclecloud.com`, or a local server in tests and drills. */
    endpoint?: string;
    credentials?: S3ClientConfig["credentials"];
    /** The SDK's own attempts per request (network errors, 5xx, throttling). Default 3. */
    maxAttempts?: number;
}

/**
 * An S3 client as the route uses it. Checksums are the copier's own (Content-MD5 and x-amz-checksum-sha256 on
 * every write, computed from the bytes read): the SDK's default CRC32 trailers are off, since OCI's S3
 * Compatibility API does not take aws-chunked trailers. Path-style addressing for non-AWS endpoints.
 */
export function s3Client(o: ClientOptions): S3Client {
    return new S3Client({
        region: o.region,
        endpoint: o.endpoint,
        forcePathStyle: o.endpoint !== undefined,
        credentials: o.credentials,
        maxAttempts: o.maxAttempts ?? 3,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
    });
}

export function isNotFound(e: unknown): boolean {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    return err?.name === "NoSuchKey" || err?.name === "NotFound" || err?.$metadata?.httpStatusCode === 404;
}

/** The HTTP status of a failed S3 call, when there was an answer. */
export function statusOf(e: unknown): number | undefined {
    return (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/**
 * Where a bucket is, as its server says. HeadBucket carries `x-amz-bucket-region` even when the caller may not
 * list the bucket (the put-only writer gets 403 with the header); GetBucketLocation answers servers that do not
 * send it (an empty constraint is us-east-1, `EU` the old name of eu-west-1).
 */
export async function bucketRegion(client: S3Client, bucket: string): Promise<string> {
    try {
        const head = await client.send(new HeadBucketCommand({ Bucket: bucket }));
        if (head.BucketRegion) return head.BucketRegion;
    } catch (e) {
        const headers = (e as S3ServiceException).$response?.headers ?? {};
        const region = headers["x-amz-bucket-region"];
        if (region) return region;
        if (isNotFound(e)) throw new Error(`bucket '${bucket}' does not exist`, { cause: e });
    }
    const location = await client.send(new GetBucketLocationCommand({ Bucket: bucket }));
    const constraint = location.LocationConstraint as string | undefined;
    if (!constraint) return "us-east-1";
    return constraint === "EU" ? "eu-west-1" : constraint;
}
