import type { ModelResource } from "../../policies/model/graph";
import type { GraphResource, ResourceGraph } from "./resourceGraph";
import { providerUrnOf } from "./resourceGraph";
// The same deserialization and unknown-checking proxy CrossGuard applies before a policy sees properties,
// so the preview's locations and classes come from exactly what the policies read. Loaded on first use:
// @pulumi/policy/deserialize loads all of @pulumi/pulumi, which the offline preview's parent never needs.
let crossGuard: { deserializeProperties: (s: unknown, keepUnknowns: boolean) => unknown; unknownCheckingProxy: (v: unknown) => unknown } | undefined;

function propsOf(r: GraphResource): unknown {
    /* eslint-disable @typescript-eslint/no-require-imports */
    crossGuard ??= { ...require("@pulumi/policy/deserialize"), ...require("@pulumi/policy/proxy") };
    /* eslint-enable @typescript-eslint/no-require-imports */
    return crossGuard!.unknownCheckingProxy(crossGuard!.deserializeProperties(r.properties, false));
}

/** The graph as the residency model reads it: the shape CrossGuard gives stack policies. */
export function toModelResources(graph: ResourceGraph): ModelResource[] {
    const byUrn = new Map(graph.resources.map((r) => [r.urn, r]));
    return graph.resources.map((r) => {
        const providerUrn = providerUrnOf(r.provider);
        const provider = providerUrn ? byUrn.get(providerUrn) : undefined;
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            props: propsOf(r),
            provider: provider ? { type: provider.type, name: provider.name, urn: provider.urn, props: propsOf(provider) } : undefined,
            parent: r.parent ? { urn: r.parent } : undefined,
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, urns]) => [k, urns.map((urn) => ({ urn }))])),
        };
    });
}
