import { PROVEN_INERT } from "./catalogue/inert";
import type { ModelResource } from "./graph";
import { categoryOf, TypeCategory } from "./typeCatalogue";

/**
 * What a resource is to the residency model: its type's category from the catalogue, `unclassified` for
 * a custom resource whose type the catalogue does not hold (held to the rules of a store and a copy),
 * and the engine's own kinds, which hold no data.
 */
export type Role = TypeCategory | "unclassified" | "component" | "provider" | "stack";

export const STACK_TYPE = "pulumi:pulumi:Stack";
export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";

export function roleOf(r: ModelResource): Role {
    if (r.type.startsWith("pulumi:providers:")) return "provider";
    if (r.type === STACK_TYPE) return "stack";
    const category = categoryOf(r.type);
    if (category) return category;
    if (r.type === DYNAMIC_RESOURCE_TYPE) return "unclassified";
    // The analyzer protocol carries no custom flag: a custom resource always has a provider, a component never.
    if (r.custom === false || (r.custom === undefined && !r.provider)) return "component";
    return "unclassified";
}

/** Roles that may hold data: each needs a data class and an approved location. */
export function holdsData(role: Role): boolean {
    return role === "store" || role === "unclassified";
}

/** Roles that may carry data to what they name (a copy, a function, or what the pack does not know). */
export function movesData(role: Role): boolean {
    return role === "copy" || role === "compute" || role === "unclassified";
}

/** Roles that can read a location out of their inputs (a store, a copy, code): region literals there are destinations. */
export function copyCapable(role: Role): boolean {
    return role === "store" || role === "copy" || role === "compute" || role === "unclassified";
}

/**
 * Roles a taint can reach: every category, whatever the catalogue says of it, but the engine's own resources.
 * Only a type proven inert (`isProvenInert`) stops a taint: a wrong `neutral`, `reference` or `access` call then
 * raises a false alarm that names the type, never a silent pass.
 */
export function taintable(role: Role): boolean {
    return role !== "component" && role !== "provider" && role !== "stack";
}

/** A type that cannot store, cache, forward, deliver, route, log, export or replicate data (catalogue/inert.ts). */
export function isProvenInert(type: string): boolean {
    return Object.hasOwn(PROVEN_INERT, type);
}

export function describeRole(role: Role): string {
    switch (role) {
        case "unclassified":
            return "a type the catalogue does not classify, held to the rules of a store and a copy";
        case "store":
            return "a data store";
        case "copy":
            return "a copy or data flow";
        case "compute":
            return "compute that can read data";
        default:
            return role;
    }
}
