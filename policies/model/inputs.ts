import type { ModelResource, ResourceIndex } from "./graph";
import { walkStrings } from "./propertyWalk";
import { copyCapable, Role, roleOf } from "./roles";

/** One resource another takes input from, and how: a property it depends on, `dependsOn`, or a literal it writes. */
export interface InputEdge {
    from: ModelResource;
    via: string;
}

export function describeInput(e: InputEdge): string {
    return `'${e.from.name}' (${e.via})`;
}

/**
 * Every resource `r` takes input from: property dependencies, `dependsOn` when `r` may hold or move data, and
 * literal names, ids and ARNs anywhere in its inputs that name a resource of the stack.
 */
export function inputsOf(r: ModelResource, role: Role, index: ResourceIndex): InputEdge[] {
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
        const via = `'${prop}' depends on it`;
        for (const d of deps) {
            const from = index.byUrn.get(d.urn);
            if (from) add(from, via);
        }
    }
    if (copyCapable(role)) {
        for (const d of r.dependencies ?? []) {
            const from = index.byUrn.get(d.urn);
            if (from && roleOf(from) !== "provider") add(from, "dependsOn");
        }
    }
    walkStrings(r.props, (value, _key, pathOf) => {
        const named = index.namedBy(value);
        if (named.length === 0) return;
        const via = `'${pathOf()}' names it`;
        for (const from of named) add(from, via);
    });
    return out;
}
