/**
 * Everything a preview reads before anything runs: the flags, the project and stack files, the policy configs and
 * `--stack-outputs` files, and where outputs go. Bad input stops here (exit 2), before a process starts or a file
 * is written.
 */
import * as path from "path";
import { checkDeclaredDataClass } from "./declaredDataClass";
import { loadProject, loadStackConfig, PulumiProject, StackConfig } from "./project";
import { readStackOutputs, StackOutputsByName } from "./stackOutputs";
import { readPolicyConfigFile } from "../analyzer/policyConfig";
import { ensurePackBuilt } from "../analyzer/inProcessPack";
import { checkOutputs } from "../writeAtomically";
import { redactor } from "../secrets";
import { UserInputError } from "../errors";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface PreviewOptions {
    stack: string;
    cwd: string;
    policyPack: string[];
    policyPackConfig: string[];
    json?: string;
    report?: string;
    graph?: string;
    timeout: number;
    maxProgramMemory: number;
    acceptWeakenedConfig?: boolean;
    stackOutputs: string[];
    unisolated?: boolean;
}

export interface PreviewInputs {
    opts: PreviewOptions;
    project: PulumiProject;
    config: StackConfig;
    stackOutputs: StackOutputsByName;
    /** Absolute pack folders, in the order given. */
    packs: string[];
    /** The policy config of the pack at the same position, when one was given. */
    packConfigs: (Record<string, unknown> | undefined)[];
    maxMemoryMb: number;
}

export function readInputs(opts: PreviewOptions, progress: (line: string) => void): PreviewInputs {
    const packs = (opts.policyPack.length > 0 ? opts.policyPack : [path.join(REPO_ROOT, "policies")]).map((p) => path.resolve(p));
    if (opts.policyPackConfig.length > packs.length) {
        throw new UserInputError(
            `--policy-pack-config was given ${opts.policyPackConfig.length} times for ${packs.length} policy pack(s); give one per --policy-pack, in the same order`,
        );
    }
    const packConfigs = packs.map((_, i) => (opts.policyPackConfig[i] ? readPolicyConfigFile(path.resolve(opts.policyPackConfig[i])) : undefined));
    const project = loadProject(opts.cwd);
    const config = loadStackConfig(project, opts.stack);
    checkDeclaredDataClass(config);
    const stackOutputs = readStackOutputs(opts.stackOutputs);
    checkOutputs(
        [
            { flag: "--json", file: opts.json ?? "" },
            { flag: "--report", file: opts.report ?? "" },
            { flag: "--graph", file: opts.graph ?? "" },
        ],
        [
            ...opts.policyPackConfig.map((file) => ({ flag: "--policy-pack-config", file })),
            { flag: "stack config", file: config.file },
            { flag: "project file", file: path.join(project.dir, "Pulumi.yaml") },
        ],
    );
    for (const key of config.secretKeys) redactor.addValue(config.values[key]);
    for (const p of packs) ensurePackBuilt(p, progress);
    return { opts, project, config, stackOutputs, packs, packConfigs, maxMemoryMb: Math.round(opts.maxProgramMemory) };
}
