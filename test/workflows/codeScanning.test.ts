import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { REPO_ROOT } from "../support/offlinePreview";

// Code scanning keeps one set of results per category: the PR preview and the nightly audit must not share one.
// The category matches the SARIF's automationDetails.id that tools/report writes (`residency-<kind>/<stack>/`).

interface Step {
    uses?: string;
    with?: Record<string, string>;
}
interface Job {
    permissions?: Record<string, string>;
    steps: Step[];
}

function sarifUploads(workflow: string): { job: Job; step: Step }[] {
    const doc = parse(fs.readFileSync(path.join(REPO_ROOT, ".github", "workflows", workflow), "utf8")) as { jobs: Record<string, Job> };
    return Object.values(doc.jobs).flatMap((job) =>
        job.steps.filter((s) => s.uses?.startsWith("github/codeql-action/upload-sarif")).map((step) => ({ job, step })),
    );
}

describe("SARIF uploads to code scanning", () => {
    it.each([
        ["preview.yml", "residency-preview/${{ matrix.stack }}"],
        ["audit.yml", "residency-audit/${{ matrix.stack }}"],
    ])("%s uploads with codeql-action v4 under its own category, with the permissions upload-sarif needs", (workflow, category) => {
        const uploads = sarifUploads(workflow);
        expect(uploads).toHaveLength(1);
        for (const { job, step } of uploads) {
            expect(step.uses).toBe("github/codeql-action/upload-sarif@v4");
            expect(step.with?.category).toBe(category);
            expect(job.permissions).toMatchObject({ "security-events": "write", actions: "read", contents: "read" });
        }
    });
});
