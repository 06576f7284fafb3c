import type { ModelResource, ResourceIndex } from "../graph";
import type { Extractor, Flow } from "./flow";
import { s3Extractors } from "./s3";
import { backupExtractors } from "./backup";
import { cloudtrailExtractors } from "./cloudtrail";
import { rdsExtractors } from "./rds";
import { dynamodbExtractors } from "./dynamodb";
import { ebsExtractors } from "./ebs";
import { efsExtractors } from "./efs";
import { secretsManagerExtractors } from "./secretsmanager";
import { kmsExtractors } from "./kms";
import { ociObjectStorageExtractors } from "./ociObjectStorage";
import { ociCoreExtractors } from "./ociCore";
import { ociMysqlExtractors } from "./ociMysql";
import { ociKmsExtractors } from "./ociKms";
import { ociFileStorageExtractors } from "./ociFileStorage";
import { schedulerExtractors } from "./scheduler";
import { shareExtractors } from "./shares";

export type { Flow, FlowDestination, FlowKind, FlowSources } from "./flow";

/**
 * The precise extractors, one module per service: each knows where that service's copies come from and go.
 * A Map: a type token is the program's string, and `toString` or `constructor` must find nothing.
 */
const EXTRACTORS: ReadonlyMap<string, Extractor> = new Map(
    Object.entries({
        ...s3Extractors,
        ...backupExtractors,
        ...cloudtrailExtractors,
        ...rdsExtractors,
        ...dynamodbExtractors,
        ...ebsExtractors,
        ...efsExtractors,
        ...secretsManagerExtractors,
        ...kmsExtractors,
        ...ociObjectStorageExtractors,
        ...ociCoreExtractors,
        ...ociMysqlExtractors,
        ...ociKmsExtractors,
        ...ociFileStorageExtractors,
        ...schedulerExtractors,
        ...shareExtractors,
    }),
);

/** Whether `flowsOf` can find any flow in a resource of this type (types with no extractor declare none). */
export function declaresFlows(type: string): boolean {
    return EXTRACTORS.has(type);
}

/** Every flow a resource's type is known to declare. Types with no extractor declare none here (the model's generic path still reads them). */
export function flowsOf(r: ModelResource, index: ResourceIndex): Flow[] {
    const extract = EXTRACTORS.get(r.type);
    return extract ? extract(r, index) : [];
}

export const FLOW_CARRIER_TYPES = [...EXTRACTORS.keys()];
