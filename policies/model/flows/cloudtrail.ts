/** CloudTrail: a trail records API calls (who, when, which bucket and key), never object contents. */
import { TYPE_TOKENS } from "../catalogue";
import type { Extractor } from "./flow";

// The trail's log bucket is held to its own label; the buckets a trail watches send it no user data.
const noDataFlows: Extractor = () => [];

export const cloudtrailExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.cloudTrail]: noDataFlows,
};
