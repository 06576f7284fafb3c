import type * as ArnParser from "@aws-sdk/util-arn-parser";
import { normalizeRegion } from "./regions";
import { Location, makeLocation } from "./location";

export interface ParsedArn {
    service: string;
    region: string;
    resource: string;
}

let arnParser: typeof ArnParser | undefined;

/** Loaded on first use: it pulls in @aws-sdk/core, which a stack without ARNs never needs. */
function parser(): typeof ArnParser {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (arnParser ??= require("@aws-sdk/util-arn-parser") as typeof ArnParser);
}

export function parseArn(text: string): ParsedArn | undefined {
    if (!text.startsWith("arn:") || !parser().validate(text)) return undefined;
    try {
        const arn = parser().parse(text);
        return { service: arn.service, region: arn.region, resource: arn.resource };
    } catch {
        return undefined;
    }
}

/** The location an ARN names, when it names one (S3 bucket ARNs carry no region). */
export function locationOfArn(text: string): Location | undefined {
    const arn = parseArn(text);
    if (!arn || !arn.region) return undefined;
    const region = normalizeRegion("aws", arn.region);
    return region.ok ? makeLocation("aws", region.region) : undefined;
}

/** `arn:aws:s3:::name/key` → `name`. */
export function s3BucketNameOfArn(text: string): string | undefined {
    const arn = parseArn(text);
    if (!arn || arn.service !== "s3") return undefined;
    return arn.resource.split("/")[0];
}
