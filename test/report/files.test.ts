import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, cli } from "./support/checks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-files-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const checkpoint = path.join(FIXTURES, "stack-export.json");
const checkpointText = fs.readFileSync(checkpoint, "utf8");

function file(name: string, content: string | Buffer): string {
    const f = path.join(dir, name);
    fs.writeFileSync(f, content);
    return f;
}

/** Files left in `dir` that a write could have left behind. */
function tempFiles(): string[] {
    return fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));
}

describe("fragile inputs: exit 2 with a message, never a hang, a crash or a changed verdict", () => {
    it("/dev/zero is refused, not read", async () => {
        const run = await cli("report", ["/dev/zero"]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain("/dev/zero is a device: give a regular file");
    });

    it("a file over --max-input-size is refused, naming the flag", async () => {
        const run = await cli("report", [checkpoint, "--max-input-size", "1"], {});
        expect(run.status).toBe(0);
        const big = file("big.json", checkpointText.replace('"version": 3', `"padding": "${"x".repeat(1024 * 1024)}", "version": 3`));
        const refused = await cli("report", [big, "--max-input-size", "1"]);
        expect(refused.status).toBe(2);
        expect(refused.stderr).toContain("is larger than 1 MB, the input size limit: raise it with --max-input-size <MB>");
    });

    it("2,000 levels of nesting exit 2 with a message, no RangeError", async () => {
        const deep = file("deep.json", `{"version": 3, "deployment": ${"[".repeat(2000)}${"]".repeat(2000)}}`);
        for (const script of ["report", "audit"] as const) {
            const run = await cli(script, [deep]);
            expect(run.status).toBe(2);
            expect(run.stderr).toMatch(/nests arrays and objects deeper than 200 levels \(at line 1, column \d+\)/);
            expect(run.stderr).not.toContain("RangeError");
        }
    });

    it.each([
        ["a UTF-8 BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(checkpointText)]), "starts with a UTF-8 byte order mark (BOM)"],
        ["UTF-16 LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(checkpointText, "utf16le")]), "is UTF-16 text"],
        ["UTF-16 BE without BOM", Buffer.from(checkpointText, "utf16le").swap16(), "is UTF-16 text"],
    ])("%s gets a message that says so", async (_name, bytes, message) => {
        const run = await cli("report", [file(`enc-${_name.replace(/\W/g, "")}.json`, bytes)]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain(message);
    });
});

describe("stack exports of deployment version 3 and 4", () => {
    it("both give the same report; a future version is refused naming the supported ones", async () => {
        const v3 = await cli("report", [checkpoint, "--format", "json"]);
        const v4 = await cli("report", [path.join(FIXTURES, "stack-export-v4.json"), "--format", "json"]);
        expect(v3.status).toBe(0);
        expect(v4.status).toBe(0);
        const strip = (s: string) => ({ ...JSON.parse(s), input: null });
        expect(strip(v4.stdout)).toEqual(strip(v3.stdout));
        const v5 = await cli("audit", [file("v5.json", checkpointText.replace('"version": 3', '"version": 5'))]);
        expect(v5.status).toBe(2);
        expect(v5.stderr).toContain("has deployment version 5; supported versions: 3 and 4");
    });

    it("the audit runs on a version 4 export", async () => {
        const run = await cli("audit", [path.join(FIXTURES, "stack-export-v4.json"), "--format", "json"]);
        expect(run.status).toBe(1);
        expect(JSON.parse(run.stdout).summary.mandatory).toBeGreaterThan(0);
    });
});

describe("outputs: never over an input or each other, never a directory, symlink, device or read-only file, no temp file left", () => {
    it("refuses --out naming the input file, and leaves the input as it was", async () => {
        const input = file("same.json", checkpointText);
        const run = await cli("report", [input, "--out", input]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain(`--out ${input} is the input file`);
        expect(fs.readFileSync(input, "utf8")).toBe(checkpointText);
        const viaLink = path.join(dir, "link-to-same.json");
        fs.symlinkSync(input, viaLink);
        expect((await cli("report", [input, "--out", viaLink])).status).toBe(2);
    });

    it("refuses a directory and leaves no temp file", async () => {
        const run = await cli("report", [checkpoint, "--out", dir]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain("is a directory");
        expect(tempFiles()).toEqual([]);
    });

    it("refuses a read-only target", async () => {
        const ro = file("readonly.md", "keep");
        fs.chmodSync(ro, 0o444);
        const run = await cli("report", [checkpoint, "--out", ro]);
        if (process.getuid?.() === 0) return; // root writes anything
        expect(run.status).toBe(2);
        expect(run.stderr).toContain("is read-only");
        expect(fs.readFileSync(ro, "utf8")).toBe("keep");
    });

    it("writes through a symlink to its target, keeping the link; writes a device directly", async () => {
        const target = file("target.md", "old");
        const link = path.join(dir, "link.md");
        fs.symlinkSync(target, link);
        expect((await cli("report", [checkpoint, "--out", link])).status).toBe(0);
        expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
        expect(fs.readFileSync(target, "utf8")).toMatch(/^<!-- residency-report -->/);
        expect((await cli("report", [checkpoint, "--out", "/dev/null"])).status).toBe(0);
        expect(fs.statSync("/dev/null").isCharacterDevice()).toBe(true);
        expect(tempFiles()).toEqual([]);
    });

    it("refuses --baseline and --out naming the same file", async () => {
        const base = file("base.json", (await cli("report", [checkpoint, "--format", "json"])).stdout);
        const run = await cli("report", [checkpoint, "--baseline", base, "--out", base]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain("is the --baseline file");
    });
});
