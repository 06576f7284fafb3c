import type { TypeCategory } from "../typeCatalogue";

/** A reviewed call: the category, and why where the name does not make it obvious. */
export type CatalogueEntry = readonly [category: TypeCategory, reason?: string];

export type CatalogueTable = Readonly<Record<string, CatalogueEntry>>;

/** Marks an entry the generator seeded and nobody has reviewed yet; the catalogue test fails on it. */
export const UNREVIEWED = "UNREVIEWED";
