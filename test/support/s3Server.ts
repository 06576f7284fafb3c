/**
 * A real S3-compatible server for the backup route's tests (s3rver, from package.json), started by the test on
 * a free loopback port with its own folder, and a fault proxy in front of it that can fail, cut or corrupt
 * chosen requests. The clients are the real AWS SDK v3 S3 client.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { s3Client } from "../../backup/s3";

/** What the proxy does with one request: pass it, answer it with an error, cut the connection, or flip a byte of its body. */
export type Fault = "pass" | { status: number; code: string } | "reset" | "corrupt-body";

export interface SeenRequest {
    method: string;
    /** Path without the query. */
    path: string;
    query: URLSearchParams;
    /** A short name of the S3 operation: PutObject, UploadPart, GetObject, ... */
    op: string;
    headers: http.IncomingHttpHeaders;
}

function operationOf(method: string, path: string, q: URLSearchParams): string {
    const hasKey = path.split("/").filter(Boolean).length > 1;
    if (method === "PUT" && q.has("partNumber")) return "UploadPart";
    if (method === "POST" && q.has("uploads")) return "CreateMultipartUpload";
    if (method === "POST" && q.has("uploadId")) return "CompleteMultipartUpload";
    if (method === "PUT") return hasKey ? "PutObject" : "CreateBucket";
    if (method === "GET") return hasKey ? "GetObject" : q.has("location") ? "GetBucketLocation" : "ListObjects";
    if (method === "HEAD") return hasKey ? "HeadObject" : "HeadBucket";
    if (method === "DELETE") return hasKey ? "DeleteObject" : "DeleteBucket";
    return method;
}

export class S3TestServer {
    readonly directory: string;
    private server?: S3rver;
    private proxy?: http.Server;
    private s3Port = 0;
    proxyPort = 0;
    /** Every request that reached the proxy, in order. */
    readonly seen: SeenRequest[] = [];
    /** Decides each request's fate; tests replace it. */
    fault: (r: SeenRequest) => Fault = () => "pass";

    constructor() {
        this.directory = mkdtempSync(join(tmpdir(), "s3rver-"));
    }

    async start(): Promise<void> {
        this.server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: this.directory });
        const address = (await this.server.run()) as AddressInfo;
        this.s3Port = address.port;
        this.proxy = http.createServer((req, res) => this.forward(req, res));
        await new Promise<void>((resolve) => this.proxy!.listen(0, "127.0.0.1", resolve));
        this.proxyPort = (this.proxy.address() as AddressInfo).port;
    }

    async stop(): Promise<void> {
        this.proxy?.closeAllConnections();
        await new Promise<void>((resolve) => (this.proxy ? this.proxy.close(() => resolve()) : resolve()));
        await this.server?.close();
    }

    get endpoint(): string {
        return `http://127.0.0.1:${this.proxyPort}`;
    }

    /** A real S3 client to this server (through the proxy), signing for `region`. */
    client(region = "us-east-1", maxAttempts = 1): S3Client {
        return s3Client({ region, endpoint: this.endpoint, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, maxAttempts });
    }

    async bucket(name: string): Promise<string> {
        await this.client().send(new CreateBucketCommand({ Bucket: name }));
        return name;
    }

    /** The file in which the server keeps an object's bytes (a test corrupts it to play a disk that rots). */
    objectFile(bucket: string, key: string): string {
        const parts = key.split("/");
        return join(this.directory, bucket, ...parts.slice(0, -1), `${parts[parts.length - 1]}._S3rver_object`);
    }

    count(op: string): number {
        return this.seen.filter((r) => r.op === op).length;
    }

    private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
        const url = new URL(req.url ?? "/", "http://x");
        const seen: SeenRequest = {
            method: req.method ?? "GET",
            path: url.pathname,
            query: url.searchParams,
            op: operationOf(req.method ?? "GET", url.pathname, url.searchParams),
            headers: req.headers,
        };
        this.seen.push(seen);
        const fault = this.fault(seen);
        if (fault === "reset") {
            req.socket.destroy();
            return;
        }
        if (typeof fault === "object") {
            req.resume();
            res.writeHead(fault.status, { "content-type": "application/xml" });
            res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected by the test proxy</Message></Error>`);
            return;
        }
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const body = Buffer.concat(chunks);
            if (fault === "corrupt-body" && body.length > 0) body[body.length >> 1] ^= 0xff;
            const upstream = http.request(
                { host: "127.0.0.1", port: this.s3Port, method: req.method, path: req.url, headers: { ...req.headers, "content-length": String(body.length) } },
                (answer) => {
                    res.writeHead(answer.statusCode ?? 502, answer.headers);
                    answer.pipe(res);
                },
            );
            upstream.on("error", () => res.destroy());
            upstream.end(body);
        });
    }
}
