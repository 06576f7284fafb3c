import type { TypeCategory } from "../../policies/model/typeCatalogue";
import { PROVEN_INERT } from "../../policies/model/catalogue/inert";
import { argumentsOf } from "./arguments";
import { destinationHits } from "./destinations";
import { packageDir, sdkTypes } from "./sdkTypes";
import { CATALOGUED } from "./tables";

/** Categories that do not bear data: each such type is reviewed against what its arguments can reach. */
export const NOT_DATA_BEARING: readonly TypeCategory[] = ["neutral", "reference", "access"];

export interface ReviewLine {
    token: string;
    category: TypeCategory;
    reason?: string;
    inert: boolean;
    /** Every argument path, `*` before those whose name or doc mentions a place data can go. */
    arguments: string[];
    hits: { path: string; words: string[]; doc: string }[];
}

/** The review sheet of every type of the given categories (or one service prefix): its arguments and their destination hits. */
export function reviewSheet(categories: readonly TypeCategory[], prefix = "", root = process.cwd()): ReviewLine[] {
    const out: ReviewLine[] = [];
    for (const c of CATALOGUED) {
        const dir = packageDir(c.pkg, root);
        for (const type of sdkTypes(dir)) {
            const entry = c.table[type.token];
            if (!entry || !categories.includes(entry[0]) || !type.token.startsWith(prefix)) continue;
            const args = argumentsOf(dir, type);
            const hits = destinationHits(args);
            const hitPaths = new Set(hits.map((h) => h.path));
            out.push({
                token: type.token,
                category: entry[0],
                reason: entry[1],
                inert: Object.hasOwn(PROVEN_INERT, type.token),
                arguments: args.map((a) => (hitPaths.has(a.path) ? `*${a.path}` : a.path)),
                hits: hits.map((h) => ({ path: h.path, words: [...new Set([...h.nameWords, ...h.docWords])], doc: h.doc })),
            });
        }
    }
    return out;
}

function render(line: ReviewLine, docWidth: number): string {
    const head = `${line.token}  [${line.category}${line.inert ? ", inert" : ""}]${line.reason ? `  ${line.reason}` : ""}`;
    const hits = line.hits.map((h) => `    * ${h.path} {${h.words.join(",")}}: ${h.doc.slice(0, docWidth)}`);
    return [head, `    args: ${line.arguments.join(" ")}`, ...hits].join("\n");
}

/**
 * `npm run catalogue -- --review [category,...] [token prefix]`: the review sheet, one block per type: its
 * category and reason, every argument path, and each argument whose name or doc comment mentions a place data
 * can go (a destination, target, endpoint, log or export sink, bucket, topic, queue, stream, function, key...).
 */
export function reviewMain(args: readonly string[]): number {
    const [categoryArg, prefix = ""] = args.filter((a) => !a.startsWith("--"));
    const categories = categoryArg ? (categoryArg.split(",") as TypeCategory[]) : NOT_DATA_BEARING;
    const lines = reviewSheet(categories, prefix);
    for (const line of lines) console.log(render(line, 160));
    const withHits = lines.filter((l) => l.hits.length > 0).length;
    console.log(`${lines.length} types (${categories.join(", ")}); ${withHits} with arguments that name a place data can go`);
    return 0;
}
