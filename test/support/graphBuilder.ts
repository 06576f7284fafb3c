import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource, ResourceGraph } from "../../tools/graph/resourceGraph";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

/** Builds the graph the engine would send for a stack, without running a program: for fuzzing and benchmarks. */
export class GraphBuilder {
    readonly resources: GraphResource[] = [];
    readonly stackUrn: string;

    constructor(
        readonly project = "fuzz",
        readonly stack = "test",
    ) {
        this.stackUrn = this.add("pulumi:pulumi:Stack", `${project}-${stack}`, {}, { custom: false, root: true });
    }

    urnOf(type: string, name: string, parent?: string): string {
        const parentType = parent && parent !== this.stackUrn ? parent.split("::")[2] : undefined;
        return `urn:pulumi:${this.stack}::${this.project}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
    }

    add(
        type: string,
        name: string,
        properties: Record<string, unknown>,
        opts: {
            provider?: string;
            parent?: string;
            custom?: boolean;
            root?: boolean;
            propertyDependencies?: Record<string, string[]>;
            defaultProvider?: boolean;
        } = {},
    ): string {
        const parent = opts.root ? undefined : (opts.parent ?? this.stackUrn);
        const urn = this.urnOf(type, name, parent);
        const deps = opts.propertyDependencies ?? {};
        this.resources.push({
            urn,
            type,
            name,
            custom: opts.custom ?? true,
            parent,
            provider: opts.provider ? `${opts.provider}::${UNKNOWN}` : undefined,
            dependencies: [...new Set(Object.values(deps).flat())],
            propertyDependencies: deps,
            properties: Struct.fromJavaScript(properties as never),
            defaultProvider: opts.defaultProvider,
        });
        return urn;
    }

    provider(pkg: "aws" | "oci", name: string, inputs: Record<string, string>): string {
        return this.add(`pulumi:providers:${pkg}`, name, inputs, {
            parent: name.startsWith("default") ? undefined : this.stackUrn,
            root: name.startsWith("default"),
            defaultProvider: name.startsWith("default"),
        });
    }

    graph(): ResourceGraph {
        return { project: this.project, stack: this.stack, resources: this.resources };
    }
}
