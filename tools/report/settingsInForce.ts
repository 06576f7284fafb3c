import type { PackRun } from "../analyzer/runAnalysis";
import { RESIDENCY_CONFIG_VALID } from "../../policies/rules/residencyConfigValid";
import type { SettingsInForce } from "../preview/previewDocumentSchema";

export type { SettingsInForce };

/**
 * The settings the packs ran with: the approved locations of the residency pack's config when a
 * `--policy-pack-config` was given for it; undefined when the pack ran on its defaults.
 */
export function settingsInForce(runs: { run: PackRun }[], configFiles: (string | undefined)[]): SettingsInForce | undefined {
    let found: SettingsInForce | undefined;
    for (const [i, { run }] of runs.entries()) {
        const properties = run.config.get(RESIDENCY_CONFIG_VALID)?.properties;
        const approved = properties?.approvedLocations;
        const externals = properties?.approvedExternalDestinations;
        const file = configFiles[i];
        if (file && approved && typeof approved === "object") {
            const entries = Object.entries(approved as Record<string, { location: string; until?: string | null }[]>);
            found = {
                file,
                approvedLocations: Object.fromEntries(entries.map(([c, list]) => [c, list.map((a) => ({ location: a.location, until: a.until ?? null }))])),
            };
            if (Array.isArray(externals) && externals.length > 0)
                found.approvedExternalDestinations = externals as NonNullable<SettingsInForce["approvedExternalDestinations"]>;
        }
    }
    return found;
}
