import { parseArn } from "./arn";
import { DataClass, isDataClass, strictest } from "./dataClass";
import { walkStrings } from "./propertyWalk";
import { Flow, flowsOf, FLOW_CARRIER_TYPES } from "./flows";
import { ModelResource, ResourceIndex } from "./graph";
import { InputEdge, inputsOf } from "./inputs";
import { resolveDataClass, ResolvedDataClass } from "./labels";
import { Location, resolveLocation, ResolvedLocation } from "./location";
import { describeLiteral, regionLiteralsOf } from "./regionLiterals";
import { copyCapable, holdsData, movesData, Role, roleOf, taintable } from "./roles";

/** A generic edge that raised a resource's class: what it took data from (or handed data to it), and how. */
export interface TaintEdge {
    from: ModelResource;
    via: string;
    /** "input": the resource takes input from `from`; "destination": `from` may move its data here; "selector": it picks data by its label. */
    direction: "input" | "destination" | "selector";
}

/** What the model knows about one resource. */
export interface ResourceFacts {
    resource: ModelResource;
    location: ResolvedLocation;
    label: ResolvedDataClass;
    role: Role;
    /** Holds data: a store, a resource of a type the catalogue does not classify, or anything labelled. */
    isStore: boolean;
    /** The class it holds or moves: its label, raised by everything it takes data from (strictest wins). */
    effectiveClass?: DataClass;
    /** The modelled copies that raised its class above its label. */
    taintedBy: Flow[];
    /** The generic edges (inputs, or a mover naming it) that raised its class above its label. */
    raisedBy: TaintEdge[];
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

const EXTRACTED = new Set(FLOW_CARRIER_TYPES);

/** The class of data a resource passes on: a store's class (unknown: none known), else what was raised into it. */
export function carriedClass(f: ResourceFacts | undefined): DataClass | undefined {
    if (!f) return undefined;
    return f.effectiveClass ?? (f.isStore ? undefined : "no-user-data");
}

/** The class of the data a flow carries; `undefined` when a source cannot be known (callers fail closed). */
export function sourceClassOf(model: StackModel, flow: Flow): DataClass | undefined {
    if (flow.sources.kind !== "resources") return undefined;
    let result: DataClass = "no-user-data";
    for (const s of flow.sources.resources) {
        const c = carriedClass(model.facts.get(s.urn));
        if (!c) return undefined;
        result = strictest(result, c);
    }
    return result;
}

function factsOf(r: ModelResource, stackDefault: DataClass | undefined): ResourceFacts {
    const role = roleOf(r);
    try {
        const label = resolveDataClass(r, stackDefault);
        const labelled = label.kind !== "missing" && role !== "provider" && role !== "stack" && role !== "component";
        return {
            resource: r,
            location: resolveLocation(r),
            label,
            role,
            isStore: holdsData(role) || labelled,
            effectiveClass: label.kind === "known" ? label.value : undefined,
            taintedBy: [],
            raisedBy: [],
        };
    } catch (e) {
        return {
            resource: r,
            location: { kind: "unknown", reason: "the resource could not be read", fix: "see the error" },
            label: { kind: "unknown", reason: "the resource could not be read" },
            role,
            isStore: true,
            taintedBy: [],
            raisedBy: [],
            error: (e as Error).message,
        };
    }
}

/** ARNs of buckets outside the stack that a mover names: S3 ARNs carry no region, so where they lead is unknown. */
function externalBucketFlows(f: ResourceFacts, index: ResourceIndex): Flow[] {
    const out: Flow[] = [];
    if (f.role !== "copy" && f.role !== "unclassified") return out;
    walkStrings(f.resource.props, (value, _key, pathOf) => {
        if (!value.startsWith("arn:")) return;
        const arn = parseArn(value);
        if (!arn || arn.service !== "s3" || arn.region !== "" || index.matchValue(value).length > 0) return;
        const path = pathOf();
        out.push({
            kind: "region-literal",
            carrier: f.resource,
            property: path,
            sources: { kind: "resources", resources: [f.resource] },
            destination: {
                kind: "unknown",
                reason: `'${path}' names '${value.slice(0, 120)}', a bucket outside this stack, and S3 ARNs carry no region`,
            },
        });
    });
    return out;
}

/** Movers that pick their data by its label ('data-class': 'us-user-data' in a tag filter) move data of that class. */
function selectByLabel(f: ResourceFacts): void {
    if (!movesData(f.role) || f.error) return;
    walkStrings(f.resource.props, (value, _key, pathOf) => {
        if (!isDataClass(value)) return;
        if (raise(f, value)) f.raisedBy.push({ from: f.resource, via: `'${pathOf()}' is '${value}'`, direction: "selector" });
    });
}

/** Region literals in the inputs of a resource that can read a location from them, as flows to those places. */
function regionLiteralFlows(f: ResourceFacts, modelledByCarrier: Map<ModelResource, Flow[]>): Flow[] {
    const r = f.resource;
    if (!copyCapable(f.role) || f.error) return [];
    const literals = regionLiteralsOf(r.props, r.type.startsWith("aws:") ? "region" : undefined);
    if (literals.length === 0) return [];
    const own = modelledByCarrier.get(r) ?? [];
    const covered = own.map((fl) => fl.property);
    const coveredPlaces = new Set(own.map((fl) => (fl.destination.kind === "location" ? fl.destination.location : "")));
    const here = f.location.kind === "known" ? f.location.location : undefined;
    // Covered: a modelled flow reads this property or already goes there; or it names where the resource already is.
    const isCovered = (path: string, place?: Location) =>
        (place !== undefined && (place === here || coveredPlaces.has(place))) ||
        covered.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
    const out: Flow[] = [];
    for (const literal of literals) {
        if (isCovered(literal.path, literal.location)) continue;
        out.push({
            kind: "region-literal",
            carrier: r,
            property: literal.path,
            sources: { kind: "resources", resources: [r] },
            destination: literal.location
                ? { kind: "location", location: literal.location, detail: describeLiteral(literal) }
                : { kind: "unknown", reason: `${describeLiteral(literal)}: ${literal.reason}` },
        });
    }
    return out;
}

interface Edge {
    from: ResourceFacts;
    to: ResourceFacts;
    taint: TaintEdge;
}

/** The generic edges along which a class travels, from every resource's inputs. */
function taintEdges(model: StackModel): Edge[] {
    const edges: Edge[] = [];
    for (const f of model.facts.values()) {
        if (!taintable(f.role) || f.error) continue;
        const r = f.resource;
        const namesDestinations = movesData(f.role) && !EXTRACTED.has(r.type);
        let inputs: InputEdge[];
        try {
            inputs = inputsOf(r, f.role, model.index);
        } catch (e) {
            model.errors.push({ resource: r, message: `its inputs could not be read: ${(e as Error).message}` });
            continue;
        }
        for (const input of inputs) {
            const g = model.facts.get(input.from.urn);
            if (!g || !taintable(g.role)) continue;
            edges.push({ from: g, to: f, taint: { from: g.resource, via: input.via, direction: "input" } });
            const dataCapable = holdsData(g.role) || movesData(g.role) || g.isStore;
            if ((namesDestinations && dataCapable) || (f.isStore && movesData(g.role))) {
                edges.push({
                    from: f,
                    to: g,
                    taint: { from: r, via: input.via, direction: "destination" },
                });
            }
        }
    }
    return edges;
}

function raise(f: ResourceFacts, cls: DataClass): boolean {
    let next: DataClass | undefined;
    if (f.effectiveClass) next = strictest(f.effectiveClass, cls);
    // A store whose own class is not known is held to the strictest rules already; only us-user-data says more.
    else if (f.isStore && f.label.kind !== "known") next = cls === "us-user-data" ? cls : undefined;
    else next = cls;
    if (next === undefined || next === f.effectiveClass) return false;
    f.effectiveClass = next;
    return true;
}

/** Raises classes along modelled copies and generic edges until nothing changes (classes only go up). */
function propagateTaint(model: StackModel, edges: Edge[]): void {
    for (let pass = 0; pass <= model.facts.size * 3 + 1; pass++) {
        let changed = false;
        for (const flow of model.flows) {
            if (flow.kind === "key-replica" || flow.destination.kind !== "resources") continue;
            const carried = sourceClassOf(model, flow);
            if (!carried) continue;
            for (const dest of flow.destination.resources) {
                const f = model.facts.get(dest.urn);
                if (f && raise(f, carried)) {
                    if (!f.taintedBy.includes(flow)) f.taintedBy.push(flow);
                    changed = true;
                }
            }
        }
        for (const e of edges) {
            const carried = e.from.effectiveClass;
            if (!carried || carried === "no-user-data" || !taintable(e.to.role)) continue;
            if (raise(e.to, carried)) {
                e.to.raisedBy = e.to.raisedBy.filter((t) => t.from !== e.from.resource);
                e.to.raisedBy.push(e.taint);
                changed = true;
            }
        }
        if (!changed) return;
    }
}

/**
 * Builds the residency model of a stack: each resource's location, data class and role, every data flow
 * (modelled copies, and region literals in the inputs of resources that can copy), and the class each
 * resource holds or moves once inputs and copies are followed to a fixed point. `stackDefault` is the class
 * the stack declares in its config (stackConfig.ts), the floor of every AWS and OCI resource's label.
 */
export function buildStackModel(resources: ModelResource[], stackDefault?: DataClass): StackModel {
    const index = new ResourceIndex(resources);
    const facts = new Map<string, ResourceFacts>();
    const errors: StackModel["errors"] = [];
    for (const r of resources) facts.set(r.urn, factsOf(r, stackDefault));
    const flows: Flow[] = [];
    for (const r of resources) {
        try {
            flows.push(...flowsOf(r, index));
        } catch (e) {
            errors.push({ resource: r, message: (e as Error).message });
        }
    }
    const byCarrier = new Map<ModelResource, Flow[]>();
    for (const flow of flows) {
        const own = byCarrier.get(flow.carrier);
        if (own) own.push(flow);
        else byCarrier.set(flow.carrier, [flow]);
    }
    const literalFlows: Flow[] = [];
    for (const f of facts.values()) {
        try {
            literalFlows.push(...regionLiteralFlows(f, byCarrier), ...externalBucketFlows(f, index));
            selectByLabel(f);
        } catch (e) {
            errors.push({ resource: f.resource, message: `its inputs could not be read for regions: ${(e as Error).message}` });
        }
    }
    const model: StackModel = { index, facts, flows: [...flows, ...literalFlows], errors };
    propagateTaint(model, taintEdges(model));
    return model;
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
    if (flow.kind === "region-literal") {
        const detail = flow.destination.kind === "location" ? flow.destination.detail : `'${flow.property}'`;
        return `region named by '${flow.carrier.name}' (${detail})`;
    }
    const from = flow.sources.kind === "resources" ? flow.sources.resources.map((r) => r.name).join(", ") || "(nothing)" : "(unknown source)";
    return `${flow.kind} of ${from} via '${flow.carrier.name}'.${flow.property}`;
}

/** A short text for the generic edges that raised a resource's class. */
export function describeRaise(f: ResourceFacts): string {
    const name = f.resource.name;
    return f.raisedBy
        .map((t) =>
            t.direction === "input"
                ? `'${name}' takes input from '${t.from.name}' (${t.via})`
                : t.direction === "selector"
                  ? `'${name}' picks data by its label (${t.via})`
                  : `'${t.from.name}' may move its data to '${name}' (${t.via.replace(/ it$/, ` '${name}'`)})`,
        )
        .join("; ");
}
