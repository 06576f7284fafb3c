import type { ModelResource, ResourceIndex } from "./graph";
import type { Destinations, NamedPlace } from "./destinations";
import { namesMetricsOnly } from "./propertyRoles";
import { walkStrings } from "./propertyWalk";
import { type Role, roleOf } from "./roles";

/** One resource another takes input from, and how: a property it depends on, `dependsOn`, or a literal it writes. */
export interface InputEdge {
    from: ModelResource;
    via: string;
}

export function describeInput(e: InputEdge): string {
    return `'${e.from.name}' (${e.via})`;
}

/**
 * Every resource `r` takes input from: property dependencies, `dependsOn`, a custom resource that is its parent,
 * and every resource of the stack a value in its inputs names (names, ids, ARNs, hosts, URLs, bucket names,
 * inside JSON documents too), whatever `r`'s category.
 */
export function inputsOf(r: ModelResource, _role: Role, index: ResourceIndex, places?: Destinations, found: NamedPlace[] = []): InputEdge[] {
    const out: InputEdge[] = [];
    const seen = new Set<ModelResource>([r]);
    const addOne = (x: ModelResource, via: string) => {
        if (seen.has(x)) return;
        seen.add(x);
        out.push({ from: x, via });
    };
    const add = (from: ModelResource, via: string) => {
        // A component stands for the resources inside it; anything else for itself.
        if (roleOf(from) !== "component") addOne(from, via);
        else for (const x of index.expand(from)) addOne(x, via);
    };
    for (const [prop, deps] of Object.entries(r.propertyDependencies ?? {})) {
        if (namesMetricsOnly(r.type, prop)) continue;
        const via = `'${prop}' depends on it`;
        for (const d of deps) {
            const from = index.byUrn.get(d.urn);
            if (from) add(from, via);
        }
    }
    for (const d of r.dependencies ?? []) {
        const from = index.byUrn.get(d.urn);
        if (from && roleOf(from) !== "provider") add(from, "dependsOn");
    }
    // A custom resource's children are its parts (a bucket's objects): they hold what it holds.
    const parent = r.parent ? index.byUrn.get(r.parent.urn) : undefined;
    if (parent) {
        const pr = roleOf(parent);
        if (pr !== "component" && pr !== "stack" && pr !== "provider") add(parent, "its parent");
    }
    const start = found.length;
    walkStrings(r.props, (value, key, pathOf, inPrincipal) => {
        // IAM principals are identities, never where data is sent: read as in a policy document given as JSON text.
        if (inPrincipal) return;
        if (places) {
            // Every shape of value the destinations module reads that names a resource of the stack; kept for the
            // destination checks, which read the same values.
            if (!maybeNames(value)) return;
            const before = found.length;
            places.inString(value, key, pathOf, r, found);
            for (let i = before; i < found.length; i++) {
                const p = found[i];
                if (p.place.kind !== "resources" || namesMetricsOnly(r.type, p.path, { literal: p.literal, props: undefined })) continue;
                for (const from of p.place.resources) add(from, `'${p.path}' names it`);
            }
            return;
        }
        const named = index.namedBy(value);
        if (named.length === 0) return;
        const via = `'${pathOf()}' names it`;
        for (const from of named) add(from, via);
    });
    places?.settlePassedOn(r, found, start);
    return out;
}

/** Cheap test before reading a value's shapes: most strings (enums, numbers, short words) name nothing. */
function maybeNames(value: string): boolean {
    return value.length >= 3;
}
