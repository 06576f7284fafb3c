import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, cli } from "./support/checks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-errors-"));
function file(name: string, content: string): string {
    const f = path.join(dir, name);
    fs.writeFileSync(f, content);
    return f;
}
const checkpoint = fs.readFileSync(path.join(FIXTURES, "stack-export.json"), "utf8");
const preview = fs.readFileSync(path.join(FIXTURES, "offline-preview.json"), "utf8");

const cases: { name: string; args: () => string[]; message: RegExp; script?: "report" | "audit" }[] = [
    {
        name: "truncated JSON",
        args: () => [file("truncated.json", checkpoint.slice(0, 2000))],
        message: /input .*truncated\.json is not valid JSON \(it ends after 2000 bytes in the middle of a value: truncated\?\)/,
    },
    {
        name: "malformed JSON",
        args: () => [file("malformed.json", '{\n  "version": 3,\n  "deployment": {,}\n}')],
        message: /malformed\.json is not valid JSON \(at line 3, column 18\)/,
    },
    { name: "empty file", args: () => [file("empty.json", "")], message: /input .*empty\.json is empty/ },
    { name: "missing file", args: () => [path.join(dir, "nope.json")], message: /input .*nope\.json: cannot read it: ENOENT/ },
    {
        name: "checkpoint of a future version",
        args: () => [file("v5.json", checkpoint.replace('"version": 3', '"version": 5'))],
        message: /checkpoint .*v5\.json has deployment version 5; supported versions: 3 and 4\. It was written by a newer Pulumi CLI/,
    },
    {
        name: "checkpoint that does not match DeploymentV3",
        args: () => [
            file(
                "bad-resource.json",
                JSON.stringify({ version: 3, deployment: { manifest: { time: "t", magic: "m", version: "v" }, resources: [{ urn: 7 }] } }),
            ),
        ],
        message: /does not match Pulumi's format: at resources\[0\]\.urn: Invalid input: expected string, received number/,
    },
    {
        name: "preview JSON with no steps",
        args: () => [file("nosteps.json", JSON.stringify({ config: { "aws:region": "us-east-1" }, changeSummary: {}, duration: 1200000000 }))],
        message: /'pulumi preview --json' output .*nosteps\.json has no steps/,
    },
    { name: "unrecognized JSON", args: () => [file("other.json", '{"hello": "world"}')], message: /is not a format the report reads/ },
    {
        name: "offline preview of another version",
        args: () => [file("v2.json", preview.replace('"version": 1', '"version": 2'))],
        message: /offline preview JSON .*v2\.json has version 2; this report reads version 1/,
    },
    {
        name: "unknown --format",
        args: () => [path.join(FIXTURES, "offline-preview.json"), "--format", "html"],
        message: /argument 'html' is invalid\. Allowed choices are md, json, sarif/,
    },
    { name: "unknown flag", args: () => [path.join(FIXTURES, "offline-preview.json"), "--colour"], message: /unknown option '--colour'/ },
    { name: "missing input", args: () => [], message: /missing required argument 'input'/ },
    {
        name: "bad --baseline",
        args: () => [path.join(FIXTURES, "offline-preview.json"), "--baseline", file("base.json", "[1, 2")],
        message: /--baseline .*base\.json is not valid JSON/,
    },
    {
        name: "audit: truncated checkpoint",
        script: "audit",
        args: () => [file("a-trunc.json", checkpoint.slice(0, 500))],
        message: /stack export .*a-trunc\.json is not valid JSON/,
    },
    {
        name: "audit: checkpoint of an unknown version",
        script: "audit",
        args: () => [file("a-v2.json", checkpoint.replace('"version": 3', '"version": 2'))],
        message: /has deployment version 2; supported versions: 3 and 4\. Export it again/,
    },
    {
        name: "audit: a preview instead of a checkpoint",
        script: "audit",
        args: () => [path.join(FIXTURES, "offline-preview.json")],
        message: /is not 'pulumi stack export' output/,
    },
    {
        name: "audit: unknown --format",
        script: "audit",
        args: () => [path.join(FIXTURES, "stack-export.json"), "-f", "xml"],
        message: /argument 'xml' is invalid/,
    },
];

describe("bad input: exit 2, a clear message, no output file", () => {
    it.each(cases)("$name", async ({ args, message, script }) => {
        const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}.md`);
        const res = await cli(script ?? "report", [...args(), "--out", out]);
        expect(res.stderr).toMatch(message);
        expect(res.status).toBe(2);
        expect(res.stdout).toBe("");
        expect(fs.existsSync(out)).toBe(false);
        expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });
});
