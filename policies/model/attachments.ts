import type { ModelResource } from "./graph";
import type { StackModel } from "./stackModel";
import { elementsOf, get } from "./unknown";

/** Per model: for each (attachment types, property, target type), the attachments of each target. */
const attachmentIndex = new WeakMap<StackModel, Map<string, Map<ModelResource, ModelResource[]>>>();

/** Resources of `types` whose `prop` refers to `target`, e.g. the public access blocks of a bucket. */
export function attachedTo(model: StackModel, types: ReadonlySet<string>, prop: string, target: ModelResource): ModelResource[] {
    let perModel = attachmentIndex.get(model);
    if (!perModel) attachmentIndex.set(model, (perModel = new Map()));
    const key = `${[...types].sort().join(",")}|${prop}|${target.type}`;
    let byTarget = perModel.get(key);
    if (!byTarget) {
        byTarget = new Map();
        const targetTypes = new Set([target.type]);
        for (const r of model.index.resources) {
            if (!types.has(r.type)) continue;
            const ref = model.index.resolve(r, prop, get(r.props, prop), targetTypes);
            if (ref.kind !== "resources") continue;
            for (const t of ref.resources) {
                const list = byTarget.get(t) ?? [];
                list.push(r);
                byTarget.set(t, list);
            }
        }
        perModel.set(key, byTarget);
    }
    return byTarget.get(target) ?? [];
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

/**
 * The statements of a policy document as AWS reads them (one statement may stand for the list): UNKNOWN for a
 * statement, or the whole list, not known at preview, which a check takes for the broadest grant it could be.
 */
export function statementsOf(doc: { Statement?: unknown }): unknown[] {
    return elementsOf(get(doc, "Statement"));
}

export function asArray(v: unknown): unknown[] {
    return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}
