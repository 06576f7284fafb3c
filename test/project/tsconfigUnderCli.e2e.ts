import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { parse } from "yaml";
import { REPO_ROOT } from "../support/offlinePreview";

// The Node.js language host runs `node @pulumi/pulumi/cmd/run --pwd <program dir> <entry>`, the program directory
// being `main` of Pulumi.yaml, with PULUMI_NODEJS_TYPESCRIPT and PULUMI_NODEJS_TSCONFIG_PATH set from the
// project's `runtime.options.typescript` and `runtime.options.tsconfig` (pulumi-language-nodejs, execRuntime).
// cmd/run chdirs to --pwd and registers ts-node; a probe program (languageHostProbe.js) reports the configuration ts-node ended up with.

interface Probe {
    cwd: string;
    configFilePath?: string;
    options?: ts.CompilerOptions;
}

/** The host's view of Pulumi.yaml: the program folder and the environment it gives cmd/run. */
function languageHostLaunch(): { pwd: string; env: Record<string, string> } {
    const project = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
    const options = project.runtime?.options ?? {};
    const env: Record<string, string> = {};
    if (options.typescript ?? true) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
    return { pwd: path.resolve(REPO_ROOT, project.main ?? "."), env };
}

function runProbe(pwd: string, env: Record<string, string>): Probe {
    const res = spawnSync(process.execPath, [path.join(__dirname, "languageHostProbe.js"), pwd, JSON.stringify(env)], { encoding: "utf8", timeout: 60_000 });
    if (res.status !== 0) throw new Error(`language host probe failed (${res.status}): ${res.stderr}`);
    return JSON.parse(res.stdout);
}

/** The repository's compiler options as tsc reads them (`npm run typecheck`). */
function repositoryOptions(): ts.CompilerOptions {
    const file = path.join(REPO_ROOT, "tsconfig.json");
    const { config } = ts.readConfigFile(file, ts.sys.readFile);
    return ts.parseJsonConfigFileContent(config, ts.sys, REPO_ROOT, undefined, file).options;
}

describe("under the Pulumi CLI the program is type-checked with the repository's tsconfig.json", () => {
    it("Pulumi.yaml's runtime options point the language host at the root tsconfig.json", () => {
        const { pwd, env } = languageHostLaunch();
        expect(pwd).toBe(path.join(REPO_ROOT, "infra"));
        const probe = runProbe(pwd, env);
        expect(probe.cwd).toBe(pwd);
        expect(probe.configFilePath).toBe(path.join(REPO_ROOT, "tsconfig.json"));
        const expected = repositoryOptions();
        expect(Object.keys(expected).length).toBeGreaterThan(5);
        for (const [key, value] of Object.entries(expected)) {
            if (key === "configFilePath") continue;
            expect([key, probe.options?.[key]]).toEqual([key, value]);
        }
    }, 60_000);

    it("without the tsconfig option, the host in infra/ would find no tsconfig.json and run ts-node on its defaults", () => {
        const { pwd, env } = languageHostLaunch();
        delete env.PULUMI_NODEJS_TSCONFIG_PATH;
        const probe = runProbe(pwd, env);
        expect(fs.existsSync(path.join(pwd, "tsconfig.json"))).toBe(false);
        expect(probe.configFilePath).toBeUndefined();
        expect(probe.options?.module).not.toBe(repositoryOptions().module);
        expect(probe.options?.target).not.toBe(repositoryOptions().target);
    }, 60_000);
});
