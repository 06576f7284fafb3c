import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";
import { providerUrnOf } from "../graph/resourceGraph";
import { analyzerpb } from "./proto";

type JsonObject = ReturnType<Struct["toJavaScript"]>;

// Generated messages take their wire array as an optional first argument (shared, not copied); the typings omit it.
const StructOverArray = Struct as unknown as new (array: unknown[]) => Struct;

/**
 * A Struct that converts itself to JavaScript once. @pulumi/policy converts a resource's properties once per
 * policy, and its provider's once per resource per policy; in process the same message reaches every policy.
 * The SDK copies the converted value and never writes to it, so handing every call the same one changes
 * nothing but the time. It shares its source's wire form, so over gRPC it sends the same bytes.
 */
class ConvertedOnce extends StructOverArray {
    private converted?: JsonObject;

    constructor(private readonly source: Struct) {
        super(source.toArray());
    }

    override toJavaScript(): JsonObject {
        this.converted ??= this.source.toJavaScript();
        return this.converted;
    }
}

/**
 * Builds the requests of one analysis run. They share what they can: each resource's properties (converted
 * to JavaScript at most once in the run), each provider and each set of resource options. A connection that
 * swaps a provider's properties (the audit gives providers their inputs) swaps them for all its resources alike.
 */
export class RunRequests {
    private readonly structs = new Map<Struct, Struct>();
    private readonly providers = new Map<string, analyzerpb.AnalyzerProviderResource | undefined>();
    private readonly options = new Map<string, analyzerpb.AnalyzerResourceOptions>();

    constructor(private readonly byUrn: Map<string, GraphResource>) {}

    /** What the engine sends for one resource step: its inputs, options and provider. */
    analyze(r: GraphResource): analyzerpb.AnalyzeRequest {
        return this.withResourceFields(new analyzerpb.AnalyzeRequest(), r);
    }

    /** What the engine sends once the program has finished: every resource with its graph edges. */
    analyzeStack(graph: ResourceGraph): analyzerpb.AnalyzeStackRequest {
        const req = new analyzerpb.AnalyzeStackRequest();
        req.setResourcesList(
            graph.resources.map((r) => {
                const res = this.withResourceFields(new analyzerpb.AnalyzerResource(), r);
                if (r.parent) res.setParent(r.parent);
                res.setDependenciesList(r.dependencies);
                const deps = res.getPropertydependenciesMap();
                for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                    const d = new analyzerpb.AnalyzerPropertyDependencies();
                    d.setUrnsList(urns);
                    deps.set(key, d);
                }
                return res;
            }),
        );
        return req;
    }

    /** The fields AnalyzeRequest and AnalyzerResource share: type, properties, URN, name, options, provider. */
    private withResourceFields<M extends analyzerpb.AnalyzeRequest | analyzerpb.AnalyzerResource>(msg: M, r: GraphResource): M {
        msg.setType(r.type);
        msg.setProperties(this.properties(r));
        msg.setUrn(r.urn);
        msg.setName(r.name);
        msg.setOptions(this.optionsOf(r));
        const provider = this.providerOf(r);
        if (provider) msg.setProvider(provider);
        return msg;
    }

    private properties(r: GraphResource): Struct {
        let s = this.structs.get(r.properties);
        if (!s) {
            s = new ConvertedOnce(r.properties);
            this.structs.set(r.properties, s);
        }
        return s;
    }

    /** The options the engine sends; the offline preview knows only the parent. */
    private optionsOf(r: GraphResource): analyzerpb.AnalyzerResourceOptions {
        const parent = r.parent ?? "";
        let opts = this.options.get(parent);
        if (!opts) {
            opts = new analyzerpb.AnalyzerResourceOptions();
            opts.setProtect(false);
            if (parent) opts.setParent(parent);
            this.options.set(parent, opts);
        }
        return opts;
    }

    private providerOf(r: GraphResource): analyzerpb.AnalyzerProviderResource | undefined {
        const urn = providerUrnOf(r.provider);
        if (!urn) return undefined;
        if (this.providers.has(urn)) return this.providers.get(urn);
        const provider = this.byUrn.get(urn);
        let p: analyzerpb.AnalyzerProviderResource | undefined;
        if (provider) {
            p = new analyzerpb.AnalyzerProviderResource();
            p.setType(provider.type);
            p.setProperties(this.properties(provider));
            p.setUrn(provider.urn);
            p.setName(provider.name);
        }
        this.providers.set(urn, p);
        return p;
    }
}

export function indexByUrn(graph: ResourceGraph): Map<string, GraphResource> {
    return new Map(graph.resources.map((r) => [r.urn, r]));
}

/** What the engine sends for one resource step: its inputs, options and provider. */
export function analyzeRequest(r: GraphResource, byUrn: Map<string, GraphResource>): analyzerpb.AnalyzeRequest {
    return new RunRequests(byUrn).analyze(r);
}

/** What the engine sends once the program has finished: every resource with its graph edges. */
export function analyzeStackRequest(graph: ResourceGraph, byUrn: Map<string, GraphResource>): analyzerpb.AnalyzeStackRequest {
    return new RunRequests(byUrn).analyzeStack(graph);
}

export function configureStackRequest(
    graph: Pick<ResourceGraph, "stack" | "project">,
    config: Record<string, string>,
    secretKeys: string[],
    dryRun: boolean,
): analyzerpb.AnalyzerStackConfigureRequest {
    const req = new analyzerpb.AnalyzerStackConfigureRequest();
    req.setStack(graph.stack);
    req.setProject(graph.project);
    req.setOrganization("organization");
    req.setDryRun(dryRun);
    const map = req.getConfigMap();
    for (const [k, v] of Object.entries(config)) map.set(k, v);
    req.setConfigSecretKeysList(secretKeys);
    return req;
}
