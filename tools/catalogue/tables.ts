import * as path from "node:path";
import type { CatalogueTable } from "../../policies/model/catalogue/entry";
import { AWS_TYPES } from "../../policies/model/catalogue/aws";
import { OCI_TYPES } from "../../policies/model/catalogue/oci";
import { RANDOM_TYPES } from "../../policies/model/catalogue/random";

/** Each catalogued SDK package, its committed table, and where that table lives. */
export interface CataloguedPackage {
    pkg: string;
    table: CatalogueTable;
    tableFile: string;
    exportName: string;
}

const TABLE_DIR = path.join(__dirname, "..", "..", "policies", "model", "catalogue");

export const CATALOGUED: readonly CataloguedPackage[] = [
    { pkg: "@pulumi/aws", table: AWS_TYPES, tableFile: path.join(TABLE_DIR, "aws.ts"), exportName: "AWS_TYPES" },
    { pkg: "@pulumi/oci", table: OCI_TYPES, tableFile: path.join(TABLE_DIR, "oci.ts"), exportName: "OCI_TYPES" },
    { pkg: "@pulumi/random", table: RANDOM_TYPES, tableFile: path.join(TABLE_DIR, "random.ts"), exportName: "RANDOM_TYPES" },
];
