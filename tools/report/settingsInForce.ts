import type { PackRun } from "../analyzer/runAnalysis";
import { RESIDENCY_CONFIG_VALID } from "../../policies/rules/residencyConfigValid";
import type { ApprovalEntry } from "./model";

/** The approved locations a pack judged with, and the policy config file they came from. */
export interface SettingsInForce {
    file: string;
    approvedLocations: Record<string, ApprovalEntry[]>;
}

/**
 * The settings the packs ran with: the approved locations of the residency pack's config when a
 * `--policy-pack-config` was given for it; undefined when the pack ran on its defaults.
 */
export function settingsInForce(runs: { run: PackRun }[], configFiles: (string | undefined)[]): SettingsInForce | undefined {
    let found: SettingsInForce | undefined;
    for (const [i, { run }] of runs.entries()) {
        const approved = run.config.get(RESIDENCY_CONFIG_VALID)?.properties.approvedLocations;
        const file = configFiles[i];
        if (file && approved && typeof approved === "object") found = { file, approvedLocations: approved as Record<string, ApprovalEntry[]> };
    }
    return found;
}
