import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { writeScaleProject } from "../../bench/scaleProgram";
import { REPO_ROOT } from "../support/offlinePreview";

// Inside the repository, so that the generated program resolves this repository's node_modules and infra/.
const root = path.join(REPO_ROOT, ".tmp-scale", `test-${process.pid}`);

function files(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) {
            const file = path.join(entry.parentPath, entry.name);
            out[path.relative(dir, file)] = fs.readFileSync(file, "utf8");
        }
    }
    return out;
}

describe("the generated program of the scale figure", () => {
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    it("is the same for the same size: seeded", () => {
        const first = files(writeScaleProject(300, path.join(root, "a")).dir);
        const second = files(writeScaleProject(300, path.join(root, "b")).dir);
        expect(Object.keys(first).length).toBeGreaterThan(3);
        expect(second).toEqual(first);
    });

    it("runs with the repository's runtime options and the production stack's config", () => {
        const project = writeScaleProject(100, root);
        const ours = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
        const generated = YAML.parse(fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8"));
        expect(generated.name).toBe(ours.name);
        expect(generated.runtime.options.typescript).toBe(true);
        expect(path.resolve(project.dir, "program", generated.runtime.options.tsconfig)).toBe(path.join(REPO_ROOT, "tsconfig.json"));
        const stack = YAML.parse(fs.readFileSync(path.join(project.dir, "stacks", `Pulumi.${project.stack}.yaml`), "utf8"));
        expect(stack.config).toEqual(YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "stacks", "Pulumi.us-prod.yaml"), "utf8")).config);
    });
});
