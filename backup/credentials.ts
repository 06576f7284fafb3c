/**
 * The job's credentials, none of them long-lived in config or code:
 *
 * - writes: the Lambda's execution role assumes the backup bucket's put-only writer role (STS, one-hour sessions);
 * - reads: AWS outbound identity federation signs a JWT for the job's role (`sts:GetWebIdentityToken`); the OCI
 *   identity domain exchanges it for a UPST (a short-lived OCI session token bound to a key pair made here, in
 *   memory) through an identity propagation trust that maps the role to the backup service user; with that session
 *   the job reads the service user's S3 Compatibility API key from its OCI Vault secret, where it is rotated.
 *
 * docs/BACKUPS.md explains the chain and the alternatives.
 */
import { createHash, createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { AssumeRoleCommand, GetWebIdentityTokenCommand, type STSClient } from "@aws-sdk/client-sts";

export interface TemporaryCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    expiration?: Date;
}

/** Credentials of the put-only writer role, renewed by the SDK when they near expiry. */
export function writerCredentials(sts: STSClient, roleArn: string, sessionName: string, externalId?: string): () => Promise<TemporaryCredentials> {
    return async () => {
        const out = await sts.send(
            new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName.slice(0, 64), DurationSeconds: 3600, ExternalId: externalId }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`sts:AssumeRole of ${roleArn} returned no credentials`);
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    };
}

/**
 * Signs an OCI API request (OCI's HTTP Signatures: `(request-target)`, `date`, `host`, and for a body
 * `x-content-sha256`, `content-type`, `content-length`), returning the headers to send.
 */
export function signOciRequest(
    request: { method: string; url: string; body?: string; contentType?: string; date?: Date },
    keyId: string,
    privateKey: KeyObject,
): Record<string, string> {
    const url = new URL(request.url);
    const headers: Record<string, string> = { date: (request.date ?? new Date()).toUTCString(), host: url.host };
    const names = ["(request-target)", "date", "host"];
    if (request.body !== undefined) {
        headers["x-content-sha256"] = createHash("sha256").update(request.body).digest("base64");
        headers["content-type"] = request.contentType ?? "application/json";
        headers["content-length"] = String(Buffer.byteLength(request.body));
        names.push("x-content-sha256", "content-type", "content-length");
    }
    const line = (name: string) =>
        name === "(request-target)" ? `(request-target): ${request.method.toLowerCase()} ${url.pathname}${url.search}` : `${name}: ${headers[name]}`;
    const signature = createSign("RSA-SHA256").update(names.map(line).join("\n")).sign(privateKey, "base64");
    headers.authorization = `Signature version="1",keyId="${keyId}",algorithm="rsa-sha256",headers="${names.join(" ")}",signature="${signature}"`;
    return headers;
}

export interface OciFederation {
    /** The identity domain's URL, `https://idcs-<id>.identity.oraclecloud.com`: the JWT's audience and the token endpoint. */
    domainUrl: string;
    /** Client id of the domain's application that the identity propagation trust names. */
    clientId: string;
    /** OCID of the OCI Vault secret holding `{ "accessKeyId", "secretAccessKey" }` of the service user's customer secret key. */
    secretOcid: string;
    /** Region of the vault, e.g. `us-ashburn-1`. */
    region: string;
}

type Fetch = (
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Exchanges the job role's AWS-signed JWT for an OCI session token (UPST) bound to a fresh in-memory key pair. */
export async function ociSession(sts: STSClient, f: OciFederation, fetchImpl: Fetch = fetch): Promise<{ token: string; privateKey: KeyObject }> {
    const jwt = await sts.send(new GetWebIdentityTokenCommand({ Audience: [f.domainUrl], SigningAlgorithm: "RS256", DurationSeconds: 300 }));
    if (!jwt.WebIdentityToken) throw new Error("sts:GetWebIdentityToken returned no token");
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const body = new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        requested_token_type: "urn:oci:token-type:oci-upst",
        subject_token_type: "jwt",
        subject_token: jwt.WebIdentityToken,
        client_id: f.clientId,
        public_key: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    }).toString();
    const answer = await fetchImpl(`${f.domainUrl.replace(/\/$/, "")}/oauth2/v1/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`the identity domain refused the token exchange (HTTP ${answer.status}): ${text.slice(0, 300)}`);
    const token = (JSON.parse(text) as { token?: string; access_token?: string }).token ?? (JSON.parse(text) as { access_token?: string }).access_token;
    if (!token) throw new Error("the identity domain's answer holds no token");
    return { token, privateKey };
}

/** The S3 Compatibility API key of the backup service user, read from its OCI Vault secret with an OCI session. */
export async function ociSourceKey(
    session: { token: string; privateKey: KeyObject },
    f: OciFederation,
    fetchImpl: Fetch = fetch,
    endpoint = `https://secrets.vaults.${f.region}.oci.oraclecloud.com`,
): Promise<TemporaryCredentials> {
    const url = `${endpoint}/20190301/secretbundles/${encodeURIComponent(f.secretOcid)}?stage=CURRENT`;
    const headers = signOciRequest({ method: "GET", url }, `ST$${session.token}`, session.privateKey);
    const answer = await fetchImpl(url, { method: "GET", headers });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`OCI Vault refused secret ${f.secretOcid} (HTTP ${answer.status}): ${text.slice(0, 300)}`);
    const content = (JSON.parse(text) as { secretBundleContent?: { content?: string } }).secretBundleContent?.content;
    if (!content) throw new Error(`OCI Vault secret ${f.secretOcid} has no content`);
    const key = JSON.parse(Buffer.from(content, "base64").toString("utf8")) as Partial<TemporaryCredentials>;
    if (typeof key.accessKeyId !== "string" || typeof key.secretAccessKey !== "string")
        throw new Error(`OCI Vault secret ${f.secretOcid} must hold {"accessKeyId","secretAccessKey"}`);
    return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}
