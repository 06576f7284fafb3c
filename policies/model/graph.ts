import type { LocatableResource } from "./location";
import { get, isString, UNKNOWN } from "./unknown";
import { s3BucketNameOfArn } from "./arn";

/** A resource as the stack policies see it: CrossGuard's `PolicyResource` fits, and so does the offline preview's. */
export interface ModelResource extends LocatableResource {
    urn: string;
    name: string;
    parent?: { urn: string };
    propertyDependencies: Record<string, { urn: string }[]>;
}

export type RefResult =
    | { kind: "resources"; resources: ModelResource[]; how: string }
    | { kind: "unknown"; reason: string }
    | { kind: "external"; value: string }
    | { kind: "absent" };

/** Properties whose values identify a resource when another resource refers to it by value. */
const IDENTITY_PROPS = ["arn", "id", "bucket", "name", "displayName", "identifier", "clusterIdentifier", "globalClusterIdentifier", "fileSystemId", "keyId"];

export class ResourceIndex {
    readonly byUrn = new Map<string, ModelResource>();
    private readonly byIdentity = new Map<string, ModelResource[]>();

    constructor(readonly resources: ModelResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            for (const p of IDENTITY_PROPS) {
                let v: unknown;
                try {
                    v = get(r.props, p);
                } catch {
                    continue;
                }
                if (isString(v) && v.length > 0) this.addIdentity(v, r);
            }
        }
    }

    private addIdentity(value: string, r: ModelResource): void {
        const list = this.byIdentity.get(value) ?? [];
        if (!list.includes(r)) list.push(r);
        this.byIdentity.set(value, list);
    }

    /** Resources of the given types that a value names: by ARN, id or name. */
    matchValue(value: string, types: ReadonlySet<string>): ModelResource[] {
        const candidates = [value];
        const bucket = s3BucketNameOfArn(value);
        if (bucket) candidates.push(bucket);
        const out: ModelResource[] = [];
        for (const c of candidates) {
            for (const r of this.byIdentity.get(c) ?? []) if (types.has(r.type) && !out.includes(r)) out.push(r);
        }
        return out;
    }

    /** Resources of the given types that `carrier.<prop>` depends on, per the engine's property dependencies. */
    dependenciesOf(carrier: ModelResource, prop: string, types: ReadonlySet<string>): ModelResource[] {
        const deps = carrier.propertyDependencies?.[prop] ?? [];
        const out: ModelResource[] = [];
        for (const d of deps) {
            const r = this.byUrn.get(d.urn);
            if (r && types.has(r.type) && !out.includes(r)) out.push(r);
        }
        return out;
    }

    /**
     * What a reference property of `carrier` points at: first by its value (known at audit time and for
     * names), then through the stack graph (`propertyDependencies`), else it is outside the stack or unknown.
     */
    resolve(carrier: ModelResource, path: string, value: unknown, types: ReadonlySet<string>): RefResult {
        const depKey = path.split(/[.[]/)[0];
        if (isString(value) && value.length > 0) {
            const byValue = this.matchValue(value, types);
            if (byValue.length > 0) return { kind: "resources", resources: byValue, how: `'${path}' names it` };
        }
        if (value === undefined || value === null || value === "") return { kind: "absent" };
        if (isString(value)) return { kind: "external", value };
        const byGraph = this.dependenciesOf(carrier, depKey, types);
        if (byGraph.length > 0) return { kind: "resources", resources: byGraph, how: `'${path}' depends on it` };
        if (value === UNKNOWN) {
            return { kind: "unknown", reason: `'${path}' is not known at preview and depends on no resource of the expected type in this stack` };
        }
        if (isString(value)) return { kind: "external", value };
        return { kind: "unknown", reason: `'${path}' is not a reference the analyzer can follow` };
    }
}
