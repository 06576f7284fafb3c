import { DATA_STORE_TYPES } from "./catalogue";
import { DataClass, strictest } from "./dataClass";
import { Flow, flowsOf } from "./flows";
import { ModelResource, ResourceIndex } from "./graph";
import { resolveDataClass, ResolvedDataClass } from "./labels";
import { Location, resolveLocation, ResolvedLocation } from "./location";

/** What the model knows about one resource. */
export interface ResourceFacts {
    resource: ModelResource;
    location: ResolvedLocation;
    label: ResolvedDataClass;
    isStore: boolean;
    /** The class the store holds: its label, raised by every copy it receives (strictest wins). */
    effectiveClass?: DataClass;
    /** The flows whose copies raised this store's class above its label. */
    taintedBy: Flow[];
    /** Set when the model could not read this resource at all; policies report it (fail closed). */
    error?: string;
}

export interface StackModel {
    index: ResourceIndex;
    facts: Map<string, ResourceFacts>;
    flows: Flow[];
    /** Flows that could not be read at all, with the carrier that failed. */
    errors: { resource: ModelResource; message: string }[];
}

function isStore(r: ModelResource, label: ResolvedDataClass): boolean {
    return DATA_STORE_TYPES.has(r.type) || label.kind !== "missing";
}

/** The class of the data a flow carries; `undefined` when a source cannot be known (callers fail closed). */
export function sourceClassOf(model: StackModel, flow: Flow): DataClass | undefined {
    if (flow.sources.kind !== "resources") return undefined;
    let result: DataClass = "no-user-data";
    for (const s of flow.sources.resources) {
        const c = model.facts.get(s.urn)?.effectiveClass;
        if (!c) return undefined;
        result = strictest(result, c);
    }
    return flow.sources.resources.length > 0 ? result : "no-user-data";
}

/**
 * Builds the residency model of a stack: each resource's location and data class, every data flow,
 * and the class each store holds once copies are followed to a fixed point.
 */
export function buildStackModel(resources: ModelResource[]): StackModel {
    const index = new ResourceIndex(resources);
    const facts = new Map<string, ResourceFacts>();
    const errors: StackModel["errors"] = [];
    for (const r of resources) {
        try {
            const label = resolveDataClass(r);
            facts.set(r.urn, {
                resource: r,
                location: resolveLocation(r),
                label,
                isStore: isStore(r, label),
                effectiveClass: label.kind === "known" ? label.value : undefined,
                taintedBy: [],
            });
        } catch (e) {
            facts.set(r.urn, {
                resource: r,
                location: { kind: "unknown", reason: "the resource could not be read", fix: "see the error" },
                label: { kind: "unknown", reason: "the resource could not be read" },
                isStore: true,
                taintedBy: [],
                error: (e as Error).message,
            });
        }
    }
    const flows: Flow[] = [];
    for (const r of resources) {
        try {
            flows.push(...flowsOf(r, index));
        } catch (e) {
            errors.push({ resource: r, message: (e as Error).message });
        }
    }
    const model: StackModel = { index, facts, flows, errors };
    propagateTaint(model);
    return model;
}

function propagateTaint(model: StackModel): void {
    // Each pass can only raise a class; three classes bound the number of raises per store.
    for (let pass = 0; pass <= model.facts.size * 3 + 1; pass++) {
        let changed = false;
        for (const flow of model.flows) {
            if (flow.kind === "key-replica" || flow.destination.kind !== "resources") continue;
            const carried = sourceClassOf(model, flow);
            if (!carried) continue;
            for (const dest of flow.destination.resources) {
                const f = model.facts.get(dest.urn);
                if (!f) continue;
                const raised = f.effectiveClass ? strictest(f.effectiveClass, carried) : carried;
                if (raised !== f.effectiveClass) {
                    f.effectiveClass = raised;
                    if (!f.taintedBy.includes(flow)) f.taintedBy.push(flow);
                    changed = true;
                }
            }
        }
        if (!changed) return;
    }
}

/** The location a flow's copy lands in, per destination store or location. */
export function destinationLocations(model: StackModel, flow: Flow): { location?: Location; reason?: string; store?: ModelResource }[] {
    const d = flow.destination;
    if (d.kind === "location") return [{ location: d.location }];
    if (d.kind === "unknown" || d.kind === "invalid") return [{ reason: d.reason }];
    return d.resources.map((store) => {
        const loc = model.facts.get(store.urn)?.location;
        if (loc?.kind === "known") return { location: loc.location, store };
        return {
            reason:
                loc && (loc.kind === "unknown" || loc.kind === "invalid")
                    ? `the location of '${store.name}' is ${loc.kind}: ${loc.reason}`
                    : `the location of '${store.name}' cannot be determined`,
            store,
        };
    });
}

/** A short, stable text for a flow in messages and reports. */
export function describeFlow(flow: Flow): string {
    const from = flow.sources.kind === "resources" ? flow.sources.resources.map((r) => r.name).join(", ") || "(nothing)" : "(unknown source)";
    return `${flow.kind} of ${from} via '${flow.carrier.name}'.${flow.property}`;
}
