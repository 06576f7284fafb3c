import { INERT_ARGUMENTS_READ, PROVEN_INERT } from "../../policies/model/catalogue/inert";
import { categoryOf } from "../../policies/model/typeCatalogue";
import { argumentsOf } from "./arguments";
import { destinationHits } from "./destinations";
import { cataloguedSdkType } from "./installedType";

const DATA_BEARING = new Set(["store", "copy", "compute", "key"]);

/**
 * Why a type may not be on the proven-inert list, or none: it must be a type of the installed SDKs, classified
 * and not data-bearing, with a reason, and no argument whose name or doc comment names a place data can go but
 * for those `read` explains (and each of those must still be one the review flags).
 */
export function inertProblems(token: string, reason: string | undefined, read: Readonly<Record<string, string>> = {}, root = process.cwd()): string[] {
    const found = cataloguedSdkType(token, root);
    if (!found) return [`${token} is not a resource type of the installed SDKs`];
    const problems: string[] = [];
    const category = categoryOf(token);
    if (category === undefined || DATA_BEARING.has(category)) problems.push(`${token} is ${category ?? "unclassified"} in the catalogue, so it is not inert`);
    if (!reason || reason.trim().length < 10) problems.push(`${token} has no reason`);
    const hits = destinationHits(argumentsOf(found.pkgDir, found.type));
    for (const hit of hits) {
        if (Object.hasOwn(read, hit.path)) continue;
        const words = [...new Set([...hit.nameWords, ...hit.docWords])].join(", ");
        problems.push(`${token}: argument '${hit.path}' may name a place data can go (${words}): ${hit.doc.slice(0, 160)}`);
    }
    const flagged = new Set(hits.map((h) => h.path));
    for (const path of Object.keys(read)) {
        if (!flagged.has(path)) problems.push(`${token}: '${path}' is explained but is no longer an argument the review flags; drop it`);
    }
    return problems;
}

/** Every problem of the committed proven-inert list. */
export function inertListProblems(root = process.cwd()): string[] {
    const problems: string[] = [];
    for (const [token, reason] of Object.entries(PROVEN_INERT)) problems.push(...inertProblems(token, reason, INERT_ARGUMENTS_READ[token], root));
    for (const token of Object.keys(INERT_ARGUMENTS_READ)) {
        if (!Object.hasOwn(PROVEN_INERT, token)) problems.push(`${token} has arguments explained but is not on the proven-inert list`);
    }
    return problems;
}
