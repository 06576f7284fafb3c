/**
 * A tiny DSL that builds the resource graph the engine sends the analyzer for a first `pulumi preview`,
 * as tools/preview/captureMonitor.ts captures it: URNs qualified by the parent's type, explicit providers
 * with their inputs stringified the way the SDK sends them, default providers created from stack config,
 * `provider` refs `<urn>::<unknown id>`, every input key listed in `propertyDependencies`, `dependencies`
 * holding property dependencies plus `dependsOn`, and the unknown sentinel wherever a value is an output
 * (an ARN or id of a resource created in the same stack) with a property dependency on that resource.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource, ResourceGraph } from "../../../tools/graph/resourceGraph";
import { sdkSecretInputsOf } from "./sdkSchema";
import type { InputsOf, ProviderInputsOf } from "./sdkTypes";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** How the SDK serializes a secret value: `{ <secret signature>: <marker>, value }`. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_MARKER = "1b47061264138c4ac30d75fd1eb44270";
/** A value as the SDK serializes a secret: `{ <secret signature>: <marker>, value }`. */
export const secret = (value: unknown) => ({ [SECRET_SIG]: SECRET_MARKER, value });
export const US = { "data-class": "us-user-data" } as const;
export const NON_US = { "data-class": "non-us-user-data" } as const;
export const NO_USER_DATA = { "data-class": "no-user-data" } as const;
export const ACCOUNT = "111122223333";
export const TENANCY = "ocid1.tenancy.oc1..aaaaaaaatenancy";
export const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaplatform";
export const NAMESPACE = "acmecorp";

const SDK_VERSION: Record<string, string> = { aws: "7.48.0", oci: "4.20.0", random: "4.21.2" };

/** An output of another resource: its value at preview (the unknown sentinel unless it echoes a known input) plus the edge. */
export class Output {
    constructor(
        readonly from: Res[],
        readonly value: unknown,
    ) {}
}

/** A registered resource, and its outputs as the program would use them. */
export class Res {
    constructor(
        readonly urn: string,
        readonly type: string,
        readonly name: string,
        readonly inputs: Record<string, unknown>,
    ) {}
    /** `res.arn`, `res.id` and any computed output: unknown at preview. */
    get arn(): Output {
        return new Output([this], UNKNOWN);
    }
    get id(): Output {
        return new Output([this], UNKNOWN);
    }
    /** An output that echoes an input (a bucket's `bucket`, a table's `name`): known at preview when the input was known. */
    out(key: string): Output {
        const v = this.inputs[key];
        return new Output([this], v === undefined ? UNKNOWN : v);
    }
    /** `res.<computed>`: any output the provider computes (endpoints, stream ARNs, addresses). */
    computed(): Output {
        return new Output([this], UNKNOWN);
    }
}

/** `pulumi.interpolate` / `pulumi.all(...).apply(...)`: a value that depends on several resources. */
export function derived(value: unknown, ...from: Res[]): Output {
    return new Output(from, value);
}

export interface ResOpts {
    provider?: Res;
    parent?: Res;
    dependsOn?: Res[];
    custom?: boolean;
}

/** Replaces Outputs by their preview value and collects, per top-level key, the resources the value depends on. */
function resolveInputs(props: Record<string, unknown>): { value: Record<string, unknown>; deps: Record<string, string[]> } {
    const deps: Record<string, string[]> = {};
    const walk = (v: unknown, into: Set<string>): unknown => {
        if (v instanceof Output) {
            for (const r of v.from) into.add(r.urn);
            return walk(v.value, into);
        }
        if (Array.isArray(v)) return v.map((x) => walk(x, into));
        if (v && typeof v === "object") {
            const out: Record<string, unknown> = {};
            for (const [k, x] of Object.entries(v)) if (x !== undefined) define(out, k, walk(x, into));
            return out;
        }
        return v;
    };
    const value: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
        if (v === undefined) continue;
        const into = new Set<string>();
        define(value, k, walk(v, into));
        define(deps, k, [...into]);
    }
    return { value, deps };
}

/** Sets a key as an own property: keys are data, `__proto__` included (assigning it would set the prototype). */
function define(out: Record<string, unknown>, key: string, value: unknown): void {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The options of a raw registration (`Stack.register`). */
export interface RawOpts extends Omit<ResOpts, "provider"> {
    /** `null`: a custom resource with no provider reference at all (the engine never sends one; the pack must survive it). */
    provider?: Res | null;
    /** Edges beyond those the values' Outputs give, by top-level property. */
    propertyDependencies?: Record<string, Res[]>;
}

export class Stack {
    readonly resources: GraphResource[] = [];
    readonly root: Res;
    private readonly defaults = new Map<string, Res>();
    private readonly byUrn = new Map<string, Res>();

    constructor(
        readonly project = "acme-platform",
        readonly stack = "prod",
        /** Stack config as `<namespace>:<key>` → string, as the engine passes it. */
        readonly config: Record<string, string> = { "aws:region": "us-east-1", "oci:region": "us-ashburn-1" },
    ) {
        this.root = this.push("pulumi:pulumi:Stack", `${project}-${stack}`, {}, { custom: false }, true);
    }

    private urnOf(type: string, name: string, parent?: Res): string {
        const parentType = parent && parent !== this.root ? parent.urn.split("::")[2] : undefined;
        return `urn:pulumi:${this.stack}::${this.project}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
    }

    private push(type: string, name: string, props: Record<string, unknown>, opts: RawOpts & { defaultProvider?: boolean }, root = false): Res {
        const parent = root || opts.defaultProvider ? undefined : (opts.parent ?? this.root);
        const urn = this.urnOf(type, name, parent);
        if (this.byUrn.has(urn)) throw new Error(`duplicate URN ${urn}`);
        const { value, deps } = resolveInputs(props);
        for (const [k, extra] of Object.entries(opts.propertyDependencies ?? {}))
            define(deps, k, [...new Set([...(deps[k] ?? []), ...extra.map((r) => r.urn)])]);
        // The SDK wraps some inputs in pulumi.secret() itself; an unknown stays the bare unknown sentinel.
        for (const key of sdkSecretInputsOf(type)) {
            if (value[key] !== undefined && value[key] !== UNKNOWN) value[key] = { [SECRET_SIG]: SECRET_MARKER, value: value[key] };
        }
        const dependsOn = (opts.dependsOn ?? []).map((r) => r.urn);
        this.resources.push({
            urn,
            type,
            name,
            custom: opts.custom ?? true,
            parent: parent?.urn,
            provider: opts.provider ? `${opts.provider.urn}::${UNKNOWN}` : undefined,
            dependencies: [...new Set([...Object.values(deps).flat(), ...dependsOn])],
            // The engine creates default providers itself: no registration, so no property dependencies.
            propertyDependencies: opts.defaultProvider ? {} : deps,
            properties: Struct.fromJavaScript(value as never),
            defaultProvider: opts.defaultProvider,
            packageVersion: SDK_VERSION[type.split(":")[0]],
        });
        const res = new Res(urn, type, name, value);
        this.byUrn.set(urn, res);
        return res;
    }

    /** `new aws.Provider(name, inputs)` / `new oci.Provider(...)`: non-string inputs arrive JSON-stringified. */
    provider<P extends "aws" | "oci">(pkg: P, name: string, inputs: ProviderInputsOf<P>, opts: ResOpts = {}): Res {
        const props: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(inputs)) props[k] = typeof v === "string" || v instanceof Output ? v : JSON.stringify(v);
        if (pkg === "aws") {
            props.skipCredentialsValidation ??= "false";
            props.skipRegionValidation ??= "true";
        }
        return this.push(`pulumi:providers:${pkg}`, name, props, opts);
    }

    /** An explicit provider per region, as real programs keep them: `aws-<region>` / `oci-<region>`, created once. */
    aws(region: string): Res {
        return this.regional("aws", region);
    }
    oci(region: string): Res {
        return this.regional("oci", region);
    }
    private readonly regionals = new Map<string, Res>();
    private regional(pkg: "aws" | "oci", region: string): Res {
        const name = `${pkg}-${region}`;
        let p = this.regionals.get(name);
        if (!p) {
            p = this.provider(pkg, name, { region });
            this.regionals.set(name, p);
        }
        return p;
    }

    /** The engine's default provider of a package: its inputs are the stack config of that namespace. */
    private defaultProviderOf(pkg: string): Res {
        const existing = this.defaults.get(pkg);
        if (existing) return existing;
        const inputs: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(this.config)) if (k.startsWith(`${pkg}:`)) inputs[k.slice(pkg.length + 1)] = v;
        const version = SDK_VERSION[pkg];
        if (version) inputs.version = version;
        const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
        const p = this.push(`pulumi:providers:${pkg}`, name, inputs, { defaultProvider: true });
        this.defaults.set(pkg, p);
        return p;
    }

    /** A custom resource. With no provider, the engine's default provider of its package is used. */
    add<T extends string>(type: T, name: string, props: InputsOf<T> = {} as InputsOf<T>, opts: ResOpts = {}): Res {
        const pkg = type.split(":")[0];
        const provider = opts.provider ?? (opts.custom === false ? undefined : this.defaultProviderOf(pkg));
        return this.push(type, name, props, { ...opts, provider });
    }

    /**
     * A registration as given, for fuzzers and benchmarks: inputs of any type (Outputs still resolve), edges added
     * with `propertyDependencies`, the default provider used unless `provider` is given (or `null`: none at all).
     */
    register(type: string, name: string, props: Record<string, unknown>, opts: RawOpts = {}): Res {
        const pkg = type.split(":")[0];
        const provider = opts.provider === null ? undefined : (opts.provider ?? (opts.custom === false ? undefined : this.defaultProviderOf(pkg)));
        return this.push(type, name, props, { ...opts, provider });
    }

    /** A component resource (no provider of its own). */
    component(type: string, name: string, opts: ResOpts = {}): Res {
        return this.push(type, name, {}, { ...opts, custom: false });
    }

    graph(): ResourceGraph {
        return { project: this.project, stack: this.stack, resources: this.resources };
    }
}
