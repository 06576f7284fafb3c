/**
 * What one fill of the transpile cache found for a program (transpileFill.ts), so that the next can tell without
 * loading a compiler that nothing it depends on changed: the files it read to decide (tsconfigs, package.json) and
 * each file it transpiled with the entries that hold it. Only the parent reads it; a plan that is wrong only makes
 * the program transpile itself.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { PulumiProject } from "../project";
import type { ProgramLocation } from "./transpileFill";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeCacheEntry } = require("../../compileCache") as { writeCacheEntry(file: string, data: () => string): void };

export const digestOf = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

export interface FillPlan {
    skipped?: string;
    inputs: { file: string; digest: string }[];
    files: { file: string; digest: string; entries: string[] }[];
}

/** The plan's name: the program's place and the gate's compiler, transpiler and Node it was made with. */
export function planFile(dir: string, project: PulumiProject, where: ProgramLocation, tsconfig: string): string {
    const stamp = (file: string) => {
        const st = fs.statSync(file);
        return [file, st.size, st.mtimeMs, st.ino];
    };
    const tsNodeIndex = require.resolve("ts-node");
    const key = digestOf(
        JSON.stringify([
            "plan-1",
            process.version,
            project.dir,
            where.pwd,
            where.entry,
            tsconfig,
            stamp(require.resolve("typescript")),
            stamp(tsNodeIndex),
            stamp(path.join(path.dirname(tsNodeIndex), "ts-transpile-module.js")),
            Object.entries(process.env).filter(([k]) => k.startsWith("TS_NODE_")),
        ]),
    );
    return path.join(dir, "plans", `${key}.json`);
}

export function writePlan(file: string, plan: FillPlan): void {
    writeCacheEntry(file, () => JSON.stringify(plan));
}

export function readPlan(file: string): FillPlan | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as FillPlan;
    } catch {
        return undefined;
    }
}

export function unchanged(plan: FillPlan): boolean {
    const same = (file: string, digest: string) => {
        try {
            return digestOf(fs.readFileSync(file)) === digest;
        } catch {
            return false;
        }
    };
    return (
        Array.isArray(plan.inputs) &&
        Array.isArray(plan.files) &&
        plan.inputs.every((i) => same(i.file, i.digest)) &&
        plan.files.every((f) => same(f.file, f.digest) && f.entries.every((e) => fs.existsSync(e)))
    );
}
