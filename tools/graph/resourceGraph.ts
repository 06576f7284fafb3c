import type { Struct } from "google-protobuf/google/protobuf/struct_pb";

/**
 * One resource as the engine would hold it after a preview step: what the analyzer protocol needs
 * (type, name, URN, properties with unknowns, parent, provider, dependencies) plus what the report needs.
 */
export interface GraphResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** Provider reference `<provider urn>::<provider id>`, explicit, inherited or default. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Inputs after serialization, with the unknown sentinel where a value is not known at preview. */
    properties: Struct;
    /** True for a default provider the engine created because a resource named no provider. */
    defaultProvider?: boolean;
    /** The SDK package version the registration named: the engine keys default providers by it. */
    packageVersion?: string;
    /** Where the program declared the resource (file URI and line), when the SDK could tell. */
    sourcePosition?: { uri: string; line: number };
}

export interface ResourceGraph {
    project: string;
    stack: string;
    resources: GraphResource[];
    /** The root stack's outputs as a Struct, unknowns kept. */
    outputs?: Struct;
}

/** Provider references are `<urn>::<id>`; URNs themselves contain `::`, so split at the last one. */
export function providerUrnOf(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    const at = ref.lastIndexOf("::");
    return at < 0 ? ref : ref.slice(0, at);
}
