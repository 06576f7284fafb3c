/** The offline preview's engine parts, in memory: environment scrub, stack outputs, invoke answers, program entry. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { programEnvironment, REGION_BEARING_VARIABLES } from "../../tools/preview/program/environment";
import { readStackOutputs } from "../../tools/preview/stackOutputs";
import { answerInvoke, declaredResultFields, InvokeContext } from "../../tools/preview/offlineInvokes";
import { pwdAndEntry } from "../../tools/preview/program/run";
import { loadProject } from "../../tools/preview/project";
import { FIXTURES, REPO_ROOT } from "../support/offlinePreview";

describe("programEnvironment", () => {
    const config = { file: "Pulumi.s.yaml", values: { "aws:region": "us-east-1", "proj:token": "offline-preview-secret" }, secretKeys: ["proj:token"] };

    it("passes the locale and paths, no region-bearing variable and no credential, and the config as the language host does", () => {
        const env = programEnvironment(
            { AWS_REGION: "eu-west-1", OCI_CLI_PROFILE: "x", PATH: "/bin", LC_ALL: "C", AWS_ACCESS_KEY_ID: "k", GITHUB_TOKEN: "t", PULUMI_ACCESS_TOKEN: "p" },
            { config, typescript: true, tsconfig: "../tsconfig.json" },
        );
        expect(env).toEqual({
            PATH: "/bin",
            LC_ALL: "C",
            TMPDIR: "/tmp",
            PULUMI_CONFIG: JSON.stringify({ "aws:config:region": "us-east-1", "proj:config:token": "offline-preview-secret" }),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["proj:config:token"]),
            PULUMI_NODEJS_TYPESCRIPT: "true",
            PULUMI_NODEJS_TSCONFIG_PATH: "../tsconfig.json",
            PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        });
        for (const name of REGION_BEARING_VARIABLES) expect(env[name]).toBeUndefined();
    });

    it("leaves out the TypeScript variables for a JavaScript program", () => {
        const env = programEnvironment({}, { config, typescript: false });
        expect(env.PULUMI_NODEJS_TYPESCRIPT).toBeUndefined();
        expect(env.PULUMI_NODEJS_TSCONFIG_PATH).toBeUndefined();
    });
});

describe("readStackOutputs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outputs-"));
    const write = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
    };

    it("reads `pulumi stack output --json`; hidden secrets stay unknown", () => {
        const file = write("ok.json", JSON.stringify({ region: "us-east-1", token: "[secret]" }));
        expect(readStackOutputs([`acme/net/prod=${file}`]).get("acme/net/prod")).toEqual({ outputs: { region: "us-east-1" }, hiddenSecrets: ["token"] });
    });

    it.each([
        ["no-equals", /expected NAME=FILE/],
        ["=file.json", /expected NAME=FILE/],
    ])("rejects %s", (spec, message) => {
        expect(() => readStackOutputs([spec])).toThrow(message);
    });

    it("rejects a file that is not a JSON object, naming it", () => {
        const file = write("list.json", "[1]");
        expect(() => readStackOutputs([`a=${file}`])).toThrow(`--stack-outputs a=${file} must be a JSON object`);
        const bad = write("bad.json", "{");
        expect(() => readStackOutputs([`a=${bad}`])).toThrow("is not valid JSON");
        const ok = write("twice.json", "{}");
        expect(() => readStackOutputs([`a=${ok}`, `a=${ok}`])).toThrow("names stack 'a' twice");
    });
});

describe("answerInvoke", () => {
    const ctx = (config: Record<string, string>, provider?: Record<string, unknown>): InvokeContext => ({
        project: "proj",
        config,
        programDir: REPO_ROOT,
        explicitProviderInputs: (ref) => (ref ? provider : undefined),
    });
    const GET_REGION = "aws:index/getRegion:getRegion";
    const CALLER = "aws:index/getCallerIdentity:getCallerIdentity";

    it.each([
        [GET_REGION, {}, ctx({ "aws:region": "us-east-1" }), { known: true, result: expect.objectContaining({ name: "us-east-1" }) }],
        // An explicit provider's own inputs, never the default provider's config.
        [GET_REGION, {}, ctx({ "aws:region": "us-east-1" }, { region: "eu-west-1" }), { known: true, result: expect.objectContaining({ name: "eu-west-1" }) }],
        [GET_REGION, {}, ctx({ "aws:region": "us-east-1" }, {}), { known: false, reason: expect.stringContaining("no region") }],
        [CALLER, {}, ctx({ "aws:allowedAccountIds": '["123456789012"]' }), { known: true, result: { id: "123456789012", accountId: "123456789012" } }],
        [CALLER, {}, ctx({ "proj:awsAccountId": "210987654321" }), { known: true, result: { id: "210987654321", accountId: "210987654321" } }],
        [CALLER, {}, ctx({ "aws:allowedAccountIds": '["123456789012","210987654321"]' }), { known: false, reason: expect.any(String) }],
        [
            "aws:index/getPartition:getPartition",
            {},
            ctx({ "aws:region": "cn-north-1" }),
            { known: true, result: expect.objectContaining({ partition: "aws-cn" }) },
        ],
        [
            "oci:ObjectStorage/getNamespace:getNamespace",
            {},
            ctx({ "proj:ociObjectStorageNamespace": "ns1" }),
            { known: true, result: { id: "ns1", namespace: "ns1" } },
        ],
        ["oci:ObjectStorage/getNamespace:getNamespace", {}, ctx({}), { known: false, reason: expect.stringContaining("proj:ociObjectStorageNamespace") }],
        ["aws:index/getAvailabilityZones:getAvailabilityZones", {}, ctx({ "aws:region": "us-east-1" }), { known: false, reason: expect.any(String) }],
        ["oci:Identity/getAvailabilityDomains:getAvailabilityDomains", {}, ctx({}), { known: false, reason: expect.any(String) }],
        ["oci:Identity/getRegionSubscriptions:getRegionSubscriptions", {}, ctx({}), { known: false, reason: expect.any(String) }],
        ["aws:ssm/getParameter:getParameter", { name: "/x" }, ctx({}), { known: false, reason: expect.any(String) }],
    ])("%s %j", (token, inputs, context, expected) => {
        expect(answerInvoke(token, inputs, "urn:pulumi:s::p::pulumi:providers:aws::explicit::id", context)).toEqual(expected);
    });

    it("reads the result fields an SDK declares, for an unknown result field by field", () => {
        expect(declaredResultFields("aws:index/getCallerIdentity:getCallerIdentity", REPO_ROOT).sort()).toEqual(["accountId", "arn", "id", "userId"]);
        expect(declaredResultFields("oci:ObjectStorage/getNamespace:getNamespace", REPO_ROOT)).toContain("namespace");
        expect(declaredResultFields("nope:index/x:x", REPO_ROOT)).toEqual([]);
    });
});

describe("pwdAndEntry", () => {
    it("runs a folder `main` in that folder with entry point '.', as the engine's getPwdMain does", () => {
        const project = loadProject(path.join(FIXTURES, "sibling-folder-json"));
        expect(pwdAndEntry(project)).toEqual({ pwd: path.join(FIXTURES, "sibling-folder-json", "infra"), entry: "." });
    });

    it("runs a file `main` in its folder with its base name, and no `main` in the project folder", () => {
        const bootstrap = loadProject(path.join(REPO_ROOT, "infra", "bootstrap"));
        expect(pwdAndEntry(bootstrap)).toEqual({ pwd: path.join(REPO_ROOT, "infra", "bootstrap"), entry: "index.ts" });
        expect(pwdAndEntry({ ...bootstrap, program: bootstrap.dir })).toEqual({ pwd: bootstrap.dir, entry: "." });
    });
});
