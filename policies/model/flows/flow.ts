/** What a flow is, and the helpers every service's extractors share. */
import { locationOfArn } from "../arn";
import type { DataClass } from "../dataClass";
import type { ModelResource, RefResult, ResourceIndex } from "../graph";
import { type Location, makeLocation } from "../location";
import { type Cloud, normalizeRegion } from "../regions";
import { get, getPath, isString, list, UNKNOWN } from "../unknown";

export type FlowKind =
    | "replication"
    | "backup"
    | "backup-copy"
    | "replica"
    | "snapshot-copy"
    | "key-replica"
    | "clone"
    | "region-literal"
    /** A schedule sends its input to its target (flows/scheduler.ts). */
    | "scheduled"
    /** A snapshot or an image given to other accounts, which may copy it anywhere (flows/shares.ts). */
    | "share";

/** Where a copy lands: stores in this stack, a location, or something the analyzer cannot determine. */
export type FlowDestination =
    | { kind: "resources"; resources: ModelResource[] }
    | { kind: "location"; location: Location; detail: string }
    | { kind: "unknown"; reason: string }
    | { kind: "invalid"; reason: string };

/**
 * Where a flow's data comes from. `atLeast` is the class of what a selector picks outside the stack (a tag
 * selection can match any store of the account that carries the tag): the flow carries at least that.
 */
export type FlowSources = { kind: "resources"; resources: ModelResource[]; atLeast?: DataClass; atLeastWhy?: string } | { kind: "unknown"; reason: string };

/** One edge of data leaving a store: declared by `carrier` through `property`. */
export interface Flow {
    kind: FlowKind;
    carrier: ModelResource;
    property: string;
    sources: FlowSources;
    destination: FlowDestination;
}

export const set = (...types: string[]): ReadonlySet<string> => new Set<string>(types);

export function sourcesFrom(ref: RefResult, what: string): FlowSources {
    if (ref.kind === "resources") return { kind: "resources", resources: ref.resources };
    if (ref.kind === "unknown") return { kind: "unknown", reason: ref.reason };
    if (ref.kind === "external") return { kind: "unknown", reason: `${what} '${ref.value.slice(0, 120)}' is outside this stack` };
    return { kind: "unknown", reason: `${what} is not set` };
}

export function regionDestination(cloud: Cloud, value: unknown, path: string): FlowDestination {
    if (value === UNKNOWN) return { kind: "unknown", reason: `'${path}' is not known at preview` };
    if (!isString(value) || value === "") return { kind: "unknown", reason: `'${path}' is not set` };
    const region = normalizeRegion(cloud, value);
    if (!region.ok) return { kind: "invalid", reason: `'${path}': ${region.reason}` };
    return { kind: "location", location: makeLocation(cloud, region.region), detail: `'${path}'` };
}

/** A reference to a destination store: in the stack, by ARN region, or undeterminable. */
export function referenceDestination(ref: RefResult, path: string): FlowDestination | undefined {
    switch (ref.kind) {
        case "resources":
            return { kind: "resources", resources: ref.resources };
        case "unknown":
            return { kind: "unknown", reason: ref.reason };
        case "external": {
            const location = locationOfArn(ref.value);
            if (location) return { kind: "location", location, detail: `the region in the ARN of '${path}'` };
            return {
                kind: "unknown",
                reason: `'${path}' names '${ref.value.slice(0, 120)}', which is outside this stack and carries no region`,
            };
        }
        default:
            return undefined;
    }
}

export const self = (r: ModelResource): FlowSources => ({ kind: "resources", resources: [r] });
export const into = (r: ModelResource): FlowDestination => ({ kind: "resources", resources: [r] });

/** One place a store may be made from: the property, its value, and the types of the stack that can be it. */
export interface MadeFrom {
    property: string;
    value: unknown;
    types: ReadonlySet<string>;
}

/**
 * A store made from another (a clone, a restore from a snapshot or backup, an import) holds what that one holds: a
 * "clone" flow into `r` for each source that is set. A source outside the stack or not known at preview is an
 * unknown source, held to us-user-data; `what` names it in that reason.
 */
export function madeFromFlows(r: ModelResource, index: ResourceIndex, sources: MadeFrom[], what: string): Flow[] {
    return sources
        .filter(({ value }) => value !== undefined && value !== null && value !== "")
        .map(({ property, value, types }) => ({
            kind: "clone",
            carrier: r,
            property,
            sources: sourcesFrom(index.resolveSources(r, property, value, types), what),
            destination: into(r),
        }));
}

/** One flow per entry of a list property (at `listPath`) whose entries name the region the copy lands in. */
export function regionListFlows(r: ModelResource, cloud: Cloud, kind: FlowKind, listPath: string[], regionField: string): Flow[] {
    const base = listPath.join(".");
    const owner = listPath.length > 1 ? getPath(r.props, ...listPath.slice(0, -1)) : r.props;
    const entries = owner === UNKNOWN ? UNKNOWN : list(owner, listPath[listPath.length - 1]);
    if (entries === UNKNOWN) {
        return [{ kind, carrier: r, property: base, sources: self(r), destination: { kind: "unknown", reason: `'${base}' is not known at preview` } }];
    }
    return entries.map((entry, i) => {
        const path = `${base}[${i}].${regionField}`;
        return { kind, carrier: r, property: path, sources: self(r), destination: regionDestination(cloud, get(entry, regionField), path) };
    });
}

export type Extractor = (r: ModelResource, index: ResourceIndex) => Flow[];
