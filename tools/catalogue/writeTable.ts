import type { CatalogueEntry } from "../../policies/model/catalogue/entry";

/** The source of one table file: one line per type, sorted, in the form prettier keeps. */
export function tableSource(exportName: string, pkg: string, entries: ReadonlyMap<string, CatalogueEntry>): string {
    const tokens = [...entries.keys()].sort();
    const lines = tokens.map((token) => {
        const [category, reason] = entries.get(token)!;
        const value = reason === undefined ? `[${JSON.stringify(category)}]` : `[${JSON.stringify(category)}, ${JSON.stringify(reason)}]`;
        return `    ${JSON.stringify(token)}: ${value},`;
    });
    return [
        `// The reviewed category of every resource type of ${pkg}. \`npm run catalogue\` adds new types here`,
        '// marked UNREVIEWED; a person confirms or changes each one (README: "Classifying a resource type").',
        'import type { CatalogueTable } from "./entry";',
        "",
        "// prettier-ignore",
        `export const ${exportName}: CatalogueTable = {`,
        ...lines,
        "};",
        "",
    ].join("\n");
}
