/** Secrets Manager: replicas of a secret. */
import { TYPE_TOKENS } from "../catalogue";
import { Extractor, regionListFlows } from "./flow";

export const secretsManagerExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.secret]: (r) => regionListFlows(r, "aws", "replica", ["replicas"], "region"),
};
