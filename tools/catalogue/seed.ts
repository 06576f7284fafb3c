import type { CatalogueEntry } from "../../policies/model/catalogue/entry";
import type { TypeCategory } from "../../policies/model/typeCatalogue";

/** A first guess at a new type's category, for a reviewer to confirm or change. */
export interface Seed {
    category: TypeCategory;
    /** Which heuristic fired, so the reviewer can judge it. */
    because: string;
}

// Input properties that name another store or region to copy from or to.
const COPY_PROPERTY =
    /^(sourceRegion|destinationRegion\w*|replica\w*|replicat\w*|copy(?!Tags)\w*|crossRegion\w*|sourceDbInstanceIdentifier|sourceSnapshot\w*|sourceUri\w*|sourceTableArn|sourceBackup\w*|restore\w*|peerRegion|targetRegion|destination(Config\w*|Arn|Bucket\w*|s)?|deliveryStream\w*|dataGuard\w*|standby\w*|remoteDisasterRecovery\w*)$/;

const SERVICE_KEY = /^(aws|oci):([A-Za-z0-9]+)\//;

function words(className: string): string[] {
    return className.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [className];
}

const DATA_BEARING: readonly TypeCategory[] = ["store", "copy"];

/** The most common category, unless a third or more are data-bearing: then the most common data-bearing one. */
function majority(categories: readonly TypeCategory[]): TypeCategory {
    const counts = new Map<TypeCategory, number>();
    for (const c of categories) counts.set(c, (counts.get(c) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    const dataBearing = ranked.filter(([c]) => DATA_BEARING.includes(c));
    const share = dataBearing.reduce((sum, [, n]) => sum + n, 0) / categories.length;
    return share >= 1 / 3 ? dataBearing[0][0] : ranked[0][0];
}

/**
 * Seeds a category from the reviewed calls: the reviewed types whose class name ends with the longest run of the
 * same words (`...ReplicationConfiguration`, `...Policy`), preferring the same service; then from input
 * properties that name a source, destination or region; else a data-bearing `store`, so that an unreviewed guess
 * errs towards a false alarm rather than a silent pass.
 */
export function seedCategory(token: string, inputProperties: readonly string[], reviewed: ReadonlyMap<string, CatalogueEntry>): Seed {
    if (token.startsWith("random:")) return { category: "neutral", because: "random values" };
    const className = token.slice(token.lastIndexOf(":") + 1);
    const service = SERVICE_KEY.exec(token)?.[0];
    const classWords = words(className);
    const copyInput = inputProperties.find((p) => COPY_PROPERTY.test(p));
    for (let start = 0; start < classWords.length; start++) {
        const suffix = classWords.slice(start).join("");
        const alike = [...reviewed].filter(([other]) => other !== token && other.endsWith(suffix));
        if (alike.length === 0) continue;
        const sameService = alike.filter(([other]) => service !== undefined && other.startsWith(service));
        const pool = sameService.length > 0 ? sameService : alike;
        const category = majority(pool.map(([, [c]]) => c));
        const like = `like ${pool.length} reviewed *${suffix}${sameService.length > 0 ? " of its service" : ""}`;
        if (category !== "store" && category !== "copy" && copyInput) return { category: "copy", because: `input ${copyInput} (${like}: ${category})` };
        return { category, because: like + (copyInput ? `; also copies via ${copyInput}?` : "") };
    }
    if (copyInput) return { category: "copy", because: `input ${copyInput}` };
    return { category: "store", because: "nothing alike: data-bearing until reviewed" };
}
