import type { ModelResource } from "./graph";
import type { StackModel } from "./stackModel";
import { get } from "./unknown";

/** Resources of `types` whose `prop` refers to `target`, e.g. the public access blocks of a bucket. */
export function attachedTo(model: StackModel, types: ReadonlySet<string>, prop: string, target: ModelResource): ModelResource[] {
    const targetTypes = new Set([target.type]);
    return model.index.resources.filter((r) => {
        if (!types.has(r.type)) return false;
        const ref = model.index.resolve(r, prop, get(r.props, prop), targetTypes);
        return ref.kind === "resources" && ref.resources.includes(target);
    });
}

/** A policy document as an object: the engine hands IAM documents over as JSON strings. */
export function parsePolicyDocument(doc: unknown): { Statement?: unknown } | undefined {
    if (typeof doc === "string") {
        try {
            const parsed = JSON.parse(doc);
            return typeof parsed === "object" && parsed !== null ? parsed : undefined;
        } catch {
            return undefined;
        }
    }
    return typeof doc === "object" && doc !== null ? (doc as { Statement?: unknown }) : undefined;
}

export function asArray(v: unknown): unknown[] {
    return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}
