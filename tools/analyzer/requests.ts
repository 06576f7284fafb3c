import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";
import { providerUrnOf } from "../graph/resourceGraph";
import { analyzerpb } from "./proto";

function options(r: GraphResource): analyzerpb.AnalyzerResourceOptions {
    const opts = new analyzerpb.AnalyzerResourceOptions();
    opts.setProtect(false);
    if (r.parent) opts.setParent(r.parent);
    return opts;
}

function providerResource(r: GraphResource, byUrn: Map<string, GraphResource>): analyzerpb.AnalyzerProviderResource | undefined {
    const urn = providerUrnOf(r.provider);
    const provider = urn ? byUrn.get(urn) : undefined;
    if (!provider) return undefined;
    const p = new analyzerpb.AnalyzerProviderResource();
    p.setType(provider.type);
    p.setProperties(provider.properties);
    p.setUrn(provider.urn);
    p.setName(provider.name);
    return p;
}

export function indexByUrn(graph: ResourceGraph): Map<string, GraphResource> {
    return new Map(graph.resources.map((r) => [r.urn, r]));
}

/** The fields AnalyzeRequest and AnalyzerResource share: type, properties, URN, name, options, provider. */
function withResourceFields<M extends analyzerpb.AnalyzeRequest | analyzerpb.AnalyzerResource>(msg: M, r: GraphResource, byUrn: Map<string, GraphResource>): M {
    msg.setType(r.type);
    msg.setProperties(r.properties);
    msg.setUrn(r.urn);
    msg.setName(r.name);
    msg.setOptions(options(r));
    const provider = providerResource(r, byUrn);
    if (provider) msg.setProvider(provider);
    return msg;
}

/** What the engine sends for one resource step: its inputs, options and provider. */
export function analyzeRequest(r: GraphResource, byUrn: Map<string, GraphResource>): analyzerpb.AnalyzeRequest {
    return withResourceFields(new analyzerpb.AnalyzeRequest(), r, byUrn);
}

/** What the engine sends once the program has finished: every resource with its graph edges. */
export function analyzeStackRequest(graph: ResourceGraph, byUrn: Map<string, GraphResource>): analyzerpb.AnalyzeStackRequest {
    const req = new analyzerpb.AnalyzeStackRequest();
    req.setResourcesList(
        graph.resources.map((r) => {
            const res = withResourceFields(new analyzerpb.AnalyzerResource(), r, byUrn);
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

export function configureStackRequest(
    graph: ResourceGraph,
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
