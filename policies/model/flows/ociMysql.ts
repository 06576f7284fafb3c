/** OCI MySQL: backup copies to other regions. */
import { TYPE_TOKENS } from "../catalogue";
import { Extractor, regionListFlows } from "./flow";

export const ociMysqlExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.ociMysql]: (r) => regionListFlows(r, "oci", "backup-copy", ["backupPolicy", "copyPolicies"], "copyToRegion"),
};
