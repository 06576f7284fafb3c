/**
 * The job's credential chain against local HTTP servers that play the parts this machine cannot reach: AWS STS
 * (the real AWS SDK v3 STS client, its Query protocol), the OCI identity domain's token endpoint, and OCI Vault's
 * secret-bundle endpoint, which checks the request's OCI HTTP signature with the public key the token exchange
 * was given. The servers follow the providers' documented shapes; the real services are not exercised here.
 */
import { createPublicKey, createVerify } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { STSClient } from "@aws-sdk/client-sts";
import { ociSession, ociSourceKey, signOciRequest, writerCredentials } from "../../backup/credentials";

let server: http.Server;
let base: string;
const seen: { path: string; body: string; headers: http.IncomingHttpHeaders }[] = [];
let publicKeyDer: string | undefined;
let tamper = false;

/** Verifies an OCI signature as the service does: rebuild the signing string from the listed headers. */
function verifyOciSignature(req: http.IncomingMessage, publicKey: ReturnType<typeof createPublicKey>): boolean {
    const auth = String(req.headers.authorization ?? "");
    const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(auth)?.[1];
    const names = (field("headers") ?? "").split(" ");
    const line = (n: string) => (n === "(request-target)" ? `(request-target): ${req.method!.toLowerCase()} ${req.url}` : `${n}: ${req.headers[n]}`);
    return createVerify("RSA-SHA256")
        .update(names.map(line).join("\n"))
        .verify(publicKey, field("signature") ?? "", "base64");
}

beforeAll(async () => {
    server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const body = Buffer.concat(chunks).toString();
            seen.push({ path: req.url ?? "", body, headers: req.headers });
            const form = new URLSearchParams(body);
            if (req.url === "/" && form.get("Action") === "GetWebIdentityToken") {
                res.writeHead(200, { "content-type": "text/xml" });
                return res.end(
                    `<GetWebIdentityTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetWebIdentityTokenResult><WebIdentityToken>aws.signed.jwt</WebIdentityToken><Expiration>2030-01-01T00:00:00Z</Expiration></GetWebIdentityTokenResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetWebIdentityTokenResponse>`,
                );
            }
            if (req.url === "/" && form.get("Action") === "AssumeRole") {
                res.writeHead(200, { "content-type": "text/xml" });
                return res.end(
                    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAWRITER</AccessKeyId><SecretAccessKey>writer-secret</SecretAccessKey><SessionToken>writer-session</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/w/job</Arn><AssumedRoleId>AROA:job</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></AssumeRoleResponse>`,
                );
            }
            if (req.url === "/oauth2/v1/token") {
                publicKeyDer = form.get("public_key") ?? undefined;
                const ok = form.get("grant_type") === "urn:ietf:params:oauth:grant-type:token-exchange" && form.get("subject_token") === "aws.signed.jwt";
                res.writeHead(ok ? 200 : 400, { "content-type": "application/json" });
                return res.end(JSON.stringify(ok ? { token: "upst-token" } : { error: "invalid_request" }));
            }
            if (req.url?.startsWith("/20190301/secretbundles/")) {
                const key = createPublicKey({ key: Buffer.from(publicKeyDer ?? "", "base64"), format: "der", type: "spki" });
                const keyId = /keyId="([^"]*)"/.exec(String(req.headers.authorization))?.[1];
                if (tamper || keyId !== "ST$upst-token" || !verifyOciSignature(req, key)) {
                    res.writeHead(401, { "content-type": "application/json" });
                    return res.end(JSON.stringify({ code: "NotAuthenticated" }));
                }
                res.writeHead(200, { "content-type": "application/json" });
                return res.end(
                    JSON.stringify({
                        secretBundleContent: {
                            contentType: "BASE64",
                            content: Buffer.from(JSON.stringify({ accessKeyId: "oci-key-id", secretAccessKey: "oci-secret" })).toString("base64"),
                        },
                    }),
                );
            }
            res.writeHead(404).end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sts = () => new STSClient({ region: "us-east-1", endpoint: base, credentials: { accessKeyId: "AKIAJOB", secretAccessKey: "job-secret" } });
const federation = () => ({ domainUrl: base, clientId: "backup-client", secretOcid: "ocid1.vaultsecret.oc1.iad.abc", region: "us-ashburn-1" });

test("reads the OCI source key: AWS-signed JWT for the domain, UPST bound to an in-memory key, signed Vault read", async () => {
    tamper = false;
    const session = await ociSession(sts(), federation());
    expect(session.token).toBe("upst-token");
    const stsCall = new URLSearchParams(seen.find((s) => s.body.includes("GetWebIdentityToken"))!.body);
    expect(stsCall.get("Audience.member.1")).toBe(base);
    expect(stsCall.get("DurationSeconds")).toBe("300");
    const exchange = new URLSearchParams(seen.find((s) => s.path === "/oauth2/v1/token")!.body);
    expect(exchange.get("requested_token_type")).toBe("urn:oci:token-type:oci-upst");
    expect(exchange.get("client_id")).toBe("backup-client");

    expect(await ociSourceKey(session, federation(), fetch, base)).toEqual({ accessKeyId: "oci-key-id", secretAccessKey: "oci-secret" });
});

test("a Vault that does not accept the signature is an error, and no key comes back", async () => {
    const session = await ociSession(sts(), federation());
    tamper = true;
    await expect(ociSourceKey(session, federation(), fetch, base)).rejects.toThrow("OCI Vault refused secret ocid1.vaultsecret.oc1.iad.abc (HTTP 401)");
    tamper = false;
    const other = await ociSession(sts(), federation());
    // A signature made with another key than the one the session was bound to does not verify.
    const headers = signOciRequest({ method: "GET", url: `${base}/20190301/secretbundles/x` }, "ST$upst-token", other.privateKey);
    await ociSession(sts(), federation()); // the endpoint now holds a third public key
    const answer = await fetch(`${base}/20190301/secretbundles/x`, { headers });
    expect(answer.status).toBe(401);
});

test("writes as the put-only writer: sts:AssumeRole of the writer role, one-hour sessions", async () => {
    const credentials = await writerCredentials(sts(), "arn:aws:iam::111111111111:role/us-user-data-backup-writer", "us-data-residency-prod-us-backup")();
    expect(credentials).toMatchObject({ accessKeyId: "ASIAWRITER", secretAccessKey: "writer-secret", sessionToken: "writer-session" });
    const call = new URLSearchParams(seen.find((s) => s.body.includes("Action=AssumeRole"))!.body);
    expect(call.get("RoleArn")).toBe("arn:aws:iam::111111111111:role/us-user-data-backup-writer");
    expect(call.get("DurationSeconds")).toBe("3600");
});
