import * as fs from "node:fs";
import type { CatalogueEntry } from "../../policies/model/catalogue/entry";
import { UNREVIEWED } from "../../policies/model/catalogue/entry";
import { inertListProblems } from "./inert";
import { reviewMain } from "./review";
import { seedCategory } from "./seed";
import { inputProperties, packageDir, sdkTypes, type SdkType } from "./sdkTypes";
import { CATALOGUED, type CataloguedPackage } from "./tables";
import { tableSource } from "./writeTable";

/** How a committed table stands against the installed SDK package. */
export interface TableDrift {
    installed: readonly SdkType[];
    /** In the SDK, not in the table. */
    added: readonly SdkType[];
    /** In the table, not in the SDK. */
    gone: readonly string[];
    /** In the table, still marked UNREVIEWED. */
    unreviewed: readonly string[];
}

export function driftOf(catalogued: CataloguedPackage, root = process.cwd()): TableDrift {
    const installed = sdkTypes(packageDir(catalogued.pkg, root));
    const installedTokens = new Set(installed.map((t) => t.token));
    const tableTokens = new Set(Object.keys(catalogued.table));
    return {
        installed,
        added: installed.filter((t) => !tableTokens.has(t.token)),
        gone: Object.keys(catalogued.table).filter((token) => !installedTokens.has(token)),
        unreviewed: Object.entries(catalogued.table)
            .filter(([, [, reason]]) => reason?.startsWith(UNREVIEWED))
            .map(([token]) => token),
    };
}

/**
 * Compares the installed SDKs with the committed tables. Without `--merge` it only reports new types (with
 * a seeded category), types the SDK no longer has and entries not yet reviewed, and exits 1 if there are
 * any. With `--merge` it adds the new types to the tables marked UNREVIEWED (an unreviewed entry still
 * counts as unclassified) and drops the gone ones; reviewed entries are kept as they are. It also checks the
 * proven-inert list against the installed SDKs. `--review` prints the review sheet instead (tools/catalogue/review.ts).
 */
export function main(args: readonly string[]): number {
    if (args.includes("--review")) return reviewMain(args);
    const merge = args.includes("--merge");
    let open = 0;
    const reviewed = new Map(CATALOGUED.flatMap((c) => Object.entries(c.table)).filter(([, [, reason]]) => !reason?.startsWith(UNREVIEWED)));
    for (const catalogued of CATALOGUED) {
        const dir = packageDir(catalogued.pkg);
        const drift = driftOf(catalogued);
        const entries = new Map<string, CatalogueEntry>(Object.entries(catalogued.table));
        console.log(
            `${catalogued.pkg}: ${drift.installed.length} types, ${drift.added.length} new, ${drift.gone.length} gone, ${drift.unreviewed.length} unreviewed`,
        );
        for (const type of drift.added) {
            const seed = seedCategory(type.token, inputProperties(dir, type), reviewed);
            entries.set(type.token, [seed.category, `${UNREVIEWED} seed: ${seed.because}`]);
            console.log(`  + ${type.token}: ${seed.category} (${seed.because})`);
        }
        for (const token of drift.gone) {
            entries.delete(token);
            console.log(`  - ${token}`);
        }
        for (const token of drift.unreviewed) console.log(`  ? ${token}: ${catalogued.table[token].join(", ")}`);
        if (merge && drift.added.length + drift.gone.length > 0) {
            fs.writeFileSync(catalogued.tableFile, tableSource(catalogued.exportName, catalogued.pkg, entries));
            console.log(`  wrote ${catalogued.tableFile}`);
        }
        open += drift.added.length + drift.gone.length + drift.unreviewed.length;
    }
    const inert = inertListProblems();
    console.log(`proven inert: ${inert.length} problems`);
    for (const problem of inert) console.log(`  ! ${problem}`);
    open += inert.length;
    if (open === 0) return 0;
    console.log(
        merge
            ? "Review each UNREVIEWED entry: set its category, give a reason where the call is not obvious, drop the marker."
            : "Run `npm run catalogue -- --merge` to add new types marked UNREVIEWED and drop gone ones, then review each entry; fix or drop each proven-inert entry with a problem.",
    );
    return 1;
}
