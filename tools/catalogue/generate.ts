import * as fs from "node:fs";
import type { CatalogueEntry } from "../../policies/model/catalogue/entry";
import { UNREVIEWED } from "../../policies/model/catalogue/entry";
import { seedCategory } from "./seed";
import { inputProperties, packageDir, sdkTypes } from "./sdkTypes";
import { CATALOGUED } from "./tables";
import { tableSource } from "./writeTable";

/**
 * Compares the installed SDKs with the committed tables. Without `--merge` it only reports: new types
 * (with a seeded category) and types the SDK no longer has, and exits 1 if there are any. With `--merge`
 * it adds the new types to the tables marked UNREVIEWED and drops the gone ones; reviewed entries are
 * kept as they are.
 */
export function main(args: readonly string[]): number {
    const merge = args.includes("--merge");
    let changes = 0;
    for (const catalogued of CATALOGUED) {
        const dir = packageDir(catalogued.pkg);
        const installed = sdkTypes(dir);
        const installedTokens = new Set(installed.map((t) => t.token));
        const entries = new Map<string, CatalogueEntry>(Object.entries(catalogued.table));
        const added: string[] = [];
        for (const type of installed) {
            if (entries.has(type.token)) continue;
            const seed = seedCategory(type.token, inputProperties(dir, type));
            entries.set(type.token, [seed.category, `${UNREVIEWED} seed: ${seed.because}`]);
            added.push(`  + ${type.token}: ${seed.category} (${seed.because})`);
        }
        const gone = [...entries.keys()].filter((token) => !installedTokens.has(token));
        for (const token of gone) entries.delete(token);
        const unreviewed = [...entries.values()].filter(([, reason]) => reason?.startsWith(UNREVIEWED)).length;
        console.log(`${catalogued.pkg}: ${installed.length} types, ${added.length} new, ${gone.length} gone, ${unreviewed} unreviewed`);
        for (const line of added) console.log(line);
        for (const token of gone) console.log(`  - ${token}`);
        changes += added.length + gone.length;
        if (merge && added.length + gone.length > 0) {
            fs.writeFileSync(catalogued.tableFile, tableSource(catalogued.exportName, catalogued.pkg, entries));
            console.log(`  wrote ${catalogued.tableFile}`);
        }
    }
    if (changes > 0 && !merge) {
        console.log("Run `npm run catalogue -- --merge` to add the new types marked UNREVIEWED, then review each one.");
        return 1;
    }
    return 0;
}
