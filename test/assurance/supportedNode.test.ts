/**
 * Every command starts only on a Node of package.json's "engines", and says which one otherwise (exit 2). Node 20
 * (end of life) has no permission model for the program's process; the preview has been seen to spin there.
 */
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { REPO_ROOT } from "../support/offlinePreview";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JS module of the tools, loaded before any TypeScript
const { unsupportedNode } = require("../../tools/supportedNode") as { unsupportedNode(version?: string): string | undefined };

describe("the Node versions the commands run on", () => {
    it.each(["22.14.0", "22.23.3", "24.0.0", "24.21.0"])("accepts Node %s", (version) => {
        expect(unsupportedNode(version)).toBeUndefined();
    });

    it.each(["20.20.2", "22.13.1", "23.11.0", "25.1.0", "18.20.0"])("refuses Node %s, naming the supported range and what to do", (version) => {
        expect(unsupportedNode(version)).toBe(
            `Node ${version} is not supported: this project runs on Node ^22.14.0 || ^24.0.0 (package.json "engines"). ` +
                "Run it through npm (`npm run preview -- ...`), which puts first the Node that `npm ci` installed, or use a supported Node.",
        );
    });

    it("the node of this test run is a supported one", () => {
        expect(unsupportedNode()).toBeUndefined();
    });

    it.each(fs.readdirSync(path.join(REPO_ROOT, "bin")).filter((f) => f.endsWith(".js")))("bin/%s checks the Node before anything else", (file) => {
        const lines = fs.readFileSync(path.join(REPO_ROOT, "bin", file), "utf8").split("\n");
        expect(lines[0]).toBe("#!/usr/bin/env node");
        expect(lines[1]).toBe('require("../tools/supportedNode").requireSupportedNode();');
    });

    it("a command started on another Node exits 2 with that message and does nothing else", () => {
        // The check reads the version from process.versions: a preload pretends to be Node 20.
        const fake = "Object.defineProperty(process.versions, 'node', { value: '20.20.2' });";
        const run = spawnSync(process.execPath, ["-e", `${fake} require(${JSON.stringify(path.join(REPO_ROOT, "bin", "preview.js"))})`], {
            cwd: REPO_ROOT,
            encoding: "utf8",
        });
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(/^error: Node 20\.20\.2 is not supported: this project runs on Node \^22\.14\.0 \|\| \^24\.0\.0/);
    });
});
