import { DataClass, strictest } from "./dataClass";
import { Destinations, type NamedPlace } from "./destinations";
import { roleEdges } from "./roleReads";
import { Flow, flowsOf, FLOW_CARRIER_TYPES } from "./flows";
import { ModelResource, ResourceIndex } from "./graph";
import { InputEdge, inputsOf } from "./inputs";
import { resolveDataClass, ResolvedDataClass } from "./labels";
import { Location, PlacementLookup, placementLookup, resolveLocation, ResolvedLocation } from "./location";
import { namesMetricsOnly, notADestination, serviceDestinationOf } from "./propertyRoles";
import { plainOf } from "./propertyWalk";
import { describeLiteral, literalReadAt, RegionLiteral, regionLiteralsOf } from "./regionLiterals";
import { copyCapable, holdsData, isProvenInert, movesData, Role, roleOf, taintable } from "./roles";
import { selectionsOf, type Selection } from "./selectors";

/** A generic edge that raised a resource's class: what it took data from (or handed data to it), and how. */
export interface TaintEdge {
    from: ModelResource;
    via: string;
    /**
     * "input": the resource takes input from `from`; "destination": `from` may move its data here; "selector": it
     * picks data by its label; "outside": a copy that takes data from nothing in the stack names a place outside it.
     */
    direction: "input" | "destination" | "selector" | "outside";
}

/** What the model knows about one resource. */
export interface ResourceFacts {
    resource: ModelResource;
    location: ResolvedLocation;
    label: ResolvedDataClass;
    role: Role;
    /** Its type is proven inert (catalogue/inert.ts): it takes no class and passes none on. */
    inert: boolean;
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

/** A value in the inputs of a resource that holds or moves a class, naming a place its data can go. */
export interface DestinationCheck extends NamedPlace {
    carrier: ModelResource;
}

export interface StackModel {
    index: ResourceIndex;
    facts: Map<string, ResourceFacts>;
    flows: Flow[];
    /** Every place named by a resource that holds or moves user data (or may: an unknown class), beyond its modelled flows. */
    destinations: DestinationCheck[];
    /** Lifecycle, backup and association policies that pick their sources by tag, type or query. */
    selections: Selection[];
    /** Flows that could not be read at all, with the carrier that failed. */
    errors: { resource: ModelResource; message: string }[];
}

/** What holds US user data (a store, or a type the catalogue does not classify, labelled or raised to that class). */
export function usUserDataStores(model: StackModel): ModelResource[] {
    return [...model.facts.values()].filter((f) => holdsData(f.role) && f.effectiveClass === "us-user-data").map((f) => f.resource);
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
    let result: DataClass = flow.sources.atLeast ?? "no-user-data";
    for (const s of flow.sources.resources) {
        const c = carriedClass(model.facts.get(s.urn));
        if (!c) return undefined;
        result = strictest(result, c);
    }
    return result;
}

function factsOf(r: ModelResource, placement: PlacementLookup, stackDefault: DataClass | undefined): ResourceFacts {
    const role = roleOf(r);
    try {
        const label = resolveDataClass(r, stackDefault);
        const labelled = label.kind !== "missing" && role !== "provider" && role !== "stack" && role !== "component";
        return {
            resource: r,
            location: resolveLocation(r, placement),
            label,
            role,
            inert: isProvenInert(r.type),
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
            inert: false,
            isStore: true,
            taintedBy: [],
            raisedBy: [],
            error: (e as Error).message,
        };
    }
}

/** Region literals in the inputs of a resource that can read a location from them, as flows to those places. */
function regionLiteralFlows(f: ResourceFacts, modelledByCarrier: Map<ModelResource, Flow[]>): Flow[] {
    const r = f.resource;
    // A store, a copy or code reads places from its inputs; so does anything a class reached, whatever its category.
    if (f.inert || f.error || !(copyCapable(f.role) || carriesUserData(f))) return [];
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
    const props = plainOf(r.props) as Record<string, unknown> | undefined;
    // A region in a code source, a caller, the resource's own name or address, or a metric's name is no place data is
    // sent to: the property-role tables say so, for values of their shape only (propertyRoles.ts).
    const notSentTo = (literal: RegionLiteral) => {
        const found = { literal: literal.value, props };
        return notADestination(r.type, literal.path, found) || namesMetricsOnly(r.type, literal.path, found);
    };
    const out: Flow[] = [];
    for (const literal of literals) {
        if (isCovered(literal.path, literal.location) || notSentTo(literal)) continue;
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

/** Whether a class other than no-user-data reached it, or may have (a store whose class is unknown). */
function carriesUserData(f: ResourceFacts): boolean {
    const c = carriedClass(f);
    return c === undefined || c !== "no-user-data";
}

/**
 * The generic edges along which a class travels, from every resource's inputs and from a store to what it is inside,
 * and the resources that take data from something of the stack.
 */
function taintEdges(model: StackModel, places: Destinations, named: Map<ModelResource, NamedPlace[]>): { edges: Edge[]; takesData: Set<ResourceFacts> } {
    const edges: Edge[] = [];
    const takesData = new Set<ResourceFacts>();
    for (const f of model.facts.values()) {
        if (!taintable(f.role) || f.inert || f.error) continue;
        const r = f.resource;
        // A copy, code, or a type the pack does not know may move what it takes to what it names (a modelled type says
        // exactly where). Any other resource a class reaches is judged by where it is and by every place it names
        // (destinationChecks), without raising those places: a policy or an alarm names a store, it does not fill it.
        const namesDestinations = movesData(f.role) && !EXTRACTED.has(r.type);
        let inputs: InputEdge[];
        const found: NamedPlace[] = [];
        named.set(r, found);
        try {
            inputs = inputsOf(r, f.role, model.index, places, found);
        } catch (e) {
            model.errors.push({ resource: r, message: `its inputs could not be read: ${(e as Error).message}` });
            continue;
        }
        for (const input of inputs) {
            const g = model.facts.get(input.from.urn);
            if (!g || !taintable(g.role) || g.inert) continue;
            edges.push({ from: g, to: f, taint: { from: g.resource, via: input.via, direction: "input" } });
            // A key is never where data is sent, even labelled: keys-in-approved-locations judges it.
            const dataCapable = holdsData(g.role) || movesData(g.role) || (g.isStore && g.role !== "key");
            if (dataCapable) takesData.add(f);
            if ((namesDestinations && dataCapable) || (f.isStore && movesData(g.role))) {
                edges.push({
                    from: f,
                    to: g,
                    taint: { from: r, via: input.via, direction: "destination" },
                });
            }
        }
    }
    // A role whose policies let it read a store, or become a role that may: what runs as it (a function, a task, an
    // instance) can read that store.
    for (const { from, to, via } of roleEdges(model)) {
        const g = model.facts.get(from.urn);
        const f = model.facts.get(to.urn);
        if (g && f && !g.inert && !f.inert && !f.error) edges.push({ from: g, to: f, taint: { from, via, direction: "input" } });
    }
    // A store inside another (an object in its bucket, an instance in its cluster): what it holds, the other holds.
    for (const f of model.facts.values()) {
        if (!f.isStore || !taintable(f.role) || f.inert || f.error) continue;
        for (const container of model.index.containersOf(f.resource)) {
            const g = model.facts.get(container.urn);
            if (g && g.isStore && taintable(g.role) && !g.inert)
                edges.push({ from: f, to: g, taint: { from: f.resource, via: "it is inside it", direction: "destination" } });
        }
    }
    return { edges, takesData };
}

/**
 * A copy (a subscription, a delivery, a transfer) that takes data from nothing in the stack and names a cloud
 * resource outside it moves data from outside the stack (a log group, a stream, a database named by its ARN): its class
 * cannot be known, so it is held to the rules for us-user-data, whatever its label says. A modelled type's sources
 * are its flows' (an unknown one fails closed there).
 */
function raiseForSourceOutside(f: ResourceFacts, named: NamedPlace[]): void {
    if (f.role !== "copy" || f.inert || f.error || EXTRACTED.has(f.resource.type)) return;
    // A cloud resource outside the stack, by its ARN or OCID (placed by its region or not): a host, URL or address is
    // where traffic goes (a DNS record, a health check), not a store data is taken from, and is judged as a
    // destination only.
    const outside = named.find((p) => p.place.kind !== "resources" && (p.what === "an ARN" || p.what === "an OCID"));
    if (!outside || !raise(f, "us-user-data")) return;
    f.raisedBy.push({ from: f.resource, via: `'${outside.path}' names '${outside.literal.slice(0, 120)}'`, direction: "outside" });
}

/** Why a copy is held to the rules for us-user-data when its data comes from outside the stack, as messages add it; else "". */
export function sourceOutsideNote(f: ResourceFacts | undefined): string {
    const edge = f?.raisedBy.find((t) => t.direction === "outside");
    return edge ? ` (it takes data from nothing in this stack and ${edge.via}, outside it: held to the rules for us-user-data)` : "";
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
        for (const sel of model.selections) {
            const cls = sel.carries(model.facts);
            const f = model.facts.get(sel.carrier.urn);
            if (f && !f.inert && raise(f, cls)) {
                f.raisedBy = f.raisedBy.filter((t) => t.direction !== "selector");
                f.raisedBy.push({ from: f.resource, via: sel.describe(model.facts), direction: "selector" });
                changed = true;
            }
        }
        for (const e of edges) {
            const carried = e.from.effectiveClass;
            if (!carried || carried === "no-user-data" || !taintable(e.to.role) || e.to.inert) continue;
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
    const placement = placementLookup(resources, index.byUrn);
    for (const r of resources) facts.set(r.urn, factsOf(r, placement, stackDefault));
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
    const selections: Selection[] = [];
    for (const f of facts.values()) {
        if (f.inert || f.error || !taintable(f.role)) continue;
        try {
            selections.push(...selectionsOf(f.resource, index));
        } catch (e) {
            errors.push({ resource: f.resource, message: `its selectors could not be read: ${(e as Error).message}` });
        }
    }
    const places = new Destinations(index);
    const model: StackModel = { index, facts, flows, destinations: [], selections, errors };
    // The places each resource's values name, read once: for its inputs, then for its destinations.
    const named = new Map<ModelResource, NamedPlace[]>();
    const { edges, takesData } = taintEdges(model, places, named);
    for (const f of facts.values()) if (!takesData.has(f)) raiseForSourceOutside(f, named.get(f.resource) ?? []);
    propagateTaint(model, edges);
    const literalFlows: Flow[] = [];
    for (const f of facts.values()) {
        try {
            literalFlows.push(...regionLiteralFlows(f, byCarrier));
            model.destinations.push(...destinationChecks(f, named.get(f.resource) ?? [], byCarrier, model));
        } catch (e) {
            errors.push({ resource: f.resource, message: `its inputs could not be read for destinations: ${(e as Error).message}` });
        }
    }
    model.flows = [...flows, ...literalFlows];
    return model;
}

/**
 * Whether `x` is where the carrier is: what the carrier names there needs no check of its own, since the carrier's
 * location is judged for its class already (us-user-data-in-approved-locations, or the label's resource policy).
 */
function sameKnownPlace(model: StackModel, x: ModelResource, here: Location | undefined): boolean {
    const loc = model.facts.get(x.urn)?.location;
    return here !== undefined && loc?.kind === "known" && loc.location === here;
}

/** The paths a modelled flow of the carrier already reads: its destinations there are that flow's to judge. */
function coveredBy(own: Flow[], path: string): boolean {
    return own.some(
        (fl) => path === fl.property || path.startsWith(`${fl.property}.`) || path.startsWith(`${fl.property}[`) || path.startsWith(`${fl.property}<`),
    );
}

/**
 * Every place a resource that holds or moves user data names: each value of a destination shape, and each
 * resource a property depends on (a value unknown at preview names one of them). Regions are region literals.
 */
function destinationChecks(f: ResourceFacts, scanned: NamedPlace[], byCarrier: Map<ModelResource, Flow[]>, model: StackModel): DestinationCheck[] {
    if (f.inert || f.error || !taintable(f.role) || !carriesUserData(f)) return [];
    const r = f.resource;
    const own = byCarrier.get(r) ?? [];
    const found: NamedPlace[] = [...scanned];
    const props = plainOf(r.props) as Record<string, unknown> | undefined;
    const service = serviceDestinationOf(r.type, props);
    if (service) found.push({ path: service.path, literal: service.uri, what: "the service it posts to", place: { kind: "external", uri: service.uri } });
    const named = new Set<ModelResource>();
    const out: DestinationCheck[] = [];
    const here = f.location.kind === "known" ? f.location.location : undefined;
    const skip = (path: string, literal?: string) => {
        const found = literal === undefined ? undefined : { literal, props };
        return coveredBy(own, path) || notADestination(r.type, path, found) || namesMetricsOnly(r.type, path, found);
    };
    for (const p of found) {
        if (skip(p.path, p.literal)) continue;
        if (p.place.kind === "location" && p.place.location === here) continue;
        // A region in an ARN or OCID is a region literal already (regionLiterals.ts): one violation per place. Not under a
        // name or description key, which that module passes over: there the destination is judged here.
        if (p.place.kind === "location" && (p.what === "an ARN" || p.what === "an OCID") && literalReadAt(p.path)) continue;
        if (p.place.kind === "resources") {
            const rest = p.place.resources.filter((x) => !named.has(x) && !model.facts.get(x.urn)?.inert && !sameKnownPlace(model, x, here));
            rest.forEach((x) => named.add(x));
            if (rest.length === 0) continue;
            out.push({ ...p, place: { kind: "resources", resources: rest }, carrier: r });
            continue;
        }
        out.push({ ...p, carrier: r });
    }
    for (const [prop, deps] of Object.entries(r.propertyDependencies ?? {})) {
        // The engine records dependencies per top-level property: a modelled flow reading anything under it covers it.
        if (skip(prop) || own.some((fl) => fl.property.split(/[.[<]/)[0] === prop)) continue;
        const rest: ModelResource[] = [];
        for (const d of deps) {
            const x = model.index.byUrn.get(d.urn);
            if (!x) continue;
            for (const y of model.index.expand(x)) {
                const g = model.facts.get(y.urn);
                if (y === r || !g || g.inert || !taintable(g.role) || named.has(y) || sameKnownPlace(model, y, here)) continue;
                named.add(y);
                rest.push(y);
            }
        }
        if (rest.length > 0)
            out.push({ path: prop, literal: "", what: "a value that depends on it", place: { kind: "resources", resources: rest }, carrier: r });
    }
    return out;
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
                  : t.direction === "outside"
                    ? `'${name}' takes data from nothing in this stack and names a place outside it (${t.via}): where its data comes from is not known`
                    : `'${t.from.name}' may move its data to '${name}' (${t.via.replace(/ it$/, ` '${name}'`)})`,
        )
        .join("; ");
}
