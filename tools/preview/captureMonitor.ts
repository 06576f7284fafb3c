import * as pulumi from "@pulumi/pulumi";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as callbackpb from "@pulumi/pulumi/proto/callback_pb";
import { CallbacksClient } from "@pulumi/pulumi/proto/callback_grpc_pb";
import type { GraphResource } from "../graph/resourceGraph";
import { providerUrnOf } from "../graph/resourceGraph";
import { answerInvoke, declaredResultFields, InvokeContext } from "./offlineInvokes";
import type { StackOutputsByName } from "./stackOutputs";
import { UserInputError } from "../errors";
import { redactor } from "../secrets";
import { MonitorCallback, mockMonitor, unknownValue } from "../sdkAdapter";
import { makeUrn, ROOT_STACK_TYPE } from "../graph/urn";

export { makeUrn, ROOT_STACK_TYPE };
export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** An invoke the offline preview could not answer: its result was unknown, as in a preview. */
export interface UnknownInvoke {
    token: string;
    reason: string;
    count: number;
}

export interface CaptureOptions {
    project: string;
    stack: string;
    invokeContext: InvokeContext;
    stackOutputs: StackOutputsByName;
    /**
     * Known mode: every output is known (mock ids, names, the inputs echoed), as after `pulumi up`, so the
     * program reaches every `apply`. Off: a first `pulumi preview`, where every output the program did not set is unknown.
     */
    knownOutputs: boolean;
    onRegister?: (r: GraphResource) => void;
}

/** A mock value for an output that `pulumi up` would fill in: deterministic, plainly not real. */
function mockId(type: string, name: string): string {
    return `${name}-mock-id-${type.split(":")[1]?.split("/")[0] ?? "res"}`;
}

/**
 * Stands in for the engine's resource monitor while a program runs under `setMocks`: it registers
 * resources (running transforms as the engine does), answers invokes and stack references offline, and
 * keeps every registration request for the analyzer.
 */
export class CaptureMonitor {
    readonly resources: GraphResource[] = [];
    readonly errors: Error[] = [];
    /** Settles with the first error the monitor answers the program with: the run stops there, as the engine's does. */
    readonly failed: Promise<Error>;
    private fail: (e: Error) => void = () => undefined;
    stackOutputs?: Struct;
    private readonly byUrn = new Map<string, GraphResource>();
    private readonly unknownInvokes = new Map<string, UnknownInvoke>();
    /** The engine's transform bookkeeping: per resource its own transforms and parent, and the stack's. */
    private readonly ownTransforms = new Map<string, callbackpb.Callback[]>();
    private readonly parents = new Map<string, string>();
    private readonly componentProviders = new Map<string, Map<string, string>>();
    private readonly stackTransforms: callbackpb.Callback[] = [];
    private readonly stackInvokeTransforms: callbackpb.Callback[] = [];
    private readonly callbackClients = new Map<string, CallbacksClient>();

    constructor(private readonly opts: CaptureOptions) {
        this.failed = new Promise((resolve) => (this.fail = resolve));
    }

    install(): void {
        const monitor = mockMonitor();
        const bind = <Req, Resp>(fn: (req: Req) => Promise<Resp>) => {
            return (req: never, cb: MonitorCallback<unknown>) => {
                fn.call(this, req).then(
                    (resp) => cb(null, resp),
                    (err: Error) => {
                        this.errors.push(err);
                        this.fail(err);
                        cb(err);
                    },
                );
            };
        };
        monitor.registerResource = bind(this.registerResource);
        monitor.registerResourceOutputs = bind(this.registerResourceOutputs);
        monitor.invoke = bind(this.invoke);
        monitor.readResource = bind(this.readResource);
        monitor.call = bind(async (req: resproto.ResourceCallRequest) => {
            throw new UserInputError(`method call '${req.getTok()}' cannot be answered offline`);
        });
        monitor.registerStackTransform = bind(async (cb: callbackpb.Callback) => {
            this.stackTransforms.push(cb);
            return new Empty();
        });
        monitor.registerStackInvokeTransform = bind(async (cb: callbackpb.Callback) => {
            this.stackInvokeTransforms.push(cb);
            return new Empty();
        });
    }

    /** Invokes whose result was unknown, by token, in first-seen order. */
    unansweredInvokes(): UnknownInvoke[] {
        return [...this.unknownInvokes.values()];
    }

    close(): void {
        for (const client of this.callbackClients.values()) client.close();
    }

    /** Calls a callback the program registered, over the SDK's Callbacks service, as the engine does. */
    private callBack(cb: callbackpb.Callback, request: Uint8Array): Promise<Uint8Array> {
        let client = this.callbackClients.get(cb.getTarget());
        if (!client) {
            client = new CallbacksClient(cb.getTarget(), grpc.credentials.createInsecure());
            this.callbackClients.set(cb.getTarget(), client);
        }
        const req = new callbackpb.CallbackInvokeRequest();
        req.setToken(cb.getToken());
        req.setRequest(request);
        return new Promise((resolve, reject) =>
            client.invoke(req, (err, resp) => (err ? reject(new Error(err.details || err.message)) : resolve(resp.getResponse_asU8()))),
        );
    }

    /** The transforms the engine runs for a registration: the resource's own, then each ancestor's, then the stack's. */
    private transformsFor(own: callbackpb.Callback[], parent: string): callbackpb.Callback[] {
        const all = [...own];
        for (let p = parent; p; p = this.parents.get(p) ?? "") all.push(...(this.ownTransforms.get(p) ?? []));
        return [...all, ...this.stackTransforms];
    }

    private async runTransforms(
        req: resproto.RegisterResourceRequest,
        transforms: callbackpb.Callback[],
    ): Promise<{ properties: Struct; options: resproto.TransformResourceOptions }> {
        const options = new resproto.TransformResourceOptions();
        options.setDependsOnList(req.getDependenciesList());
        const protect = req.getProtect();
        if (protect !== undefined) options.setProtect(protect);
        options.setIgnoreChangesList(req.getIgnorechangesList());
        options.setReplaceOnChangesList(req.getReplaceonchangesList());
        options.setVersion(req.getVersion());
        options.setAliasesList(req.getAliasesList());
        options.setProvider(req.getProvider());
        for (const [k, v] of req.getProvidersMap().entries()) options.getProvidersMap().set(k, v);
        options.setCustomTimeouts(req.getCustomtimeouts());
        options.setPluginDownloadUrl(req.getPlugindownloadurl());
        const retain = req.getRetainondelete();
        if (retain !== undefined) options.setRetainOnDelete(retain);
        options.setDeletedWith(req.getDeletedwith());
        options.setDeleteBeforeReplace(req.getDeletebeforereplace());
        options.setAdditionalSecretOutputsList(req.getAdditionalsecretoutputsList());
        let properties = req.getObject() ?? new Struct();
        let current = options;
        for (const transform of transforms) {
            const treq = new resproto.TransformRequest();
            treq.setType(req.getType());
            treq.setName(req.getName());
            treq.setCustom(req.getCustom());
            treq.setParent(req.getParent());
            treq.setProperties(properties);
            treq.setOptions(current);
            const resp = resproto.TransformResponse.deserializeBinary(await this.callBack(transform, treq.serializeBinary()));
            properties = resp.getProperties() ?? properties;
            current = resp.getOptions() ?? current;
        }
        return { properties, options: current };
    }

    /** The engine's provider resolution for a custom resource that names none: the nearest component's `providers`. */
    private inheritedProvider(parent: string, pkg: string): string {
        for (let p = parent; p; p = this.parents.get(p) ?? "") {
            const ref = this.componentProviders.get(p)?.get(pkg);
            if (ref) return ref;
        }
        return "";
    }

    private async registerResource(req: resproto.RegisterResourceRequest): Promise<resproto.RegisterResourceResponse> {
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent();
        const custom = req.getCustom();
        const urn = makeUrn(this.opts.stack, this.opts.project, parent, type, name);
        if (this.byUrn.has(urn)) throw new UserInputError(`duplicate resource URN '${urn}': give the resource a unique name`);
        if (req.getRemote()) {
            const form = req.getTransformsList().length > 0 || this.stackTransforms.length > 0 ? ", and the transforms that would run on its children," : "";
            throw new UserInputError(
                `component '${name}' (${type}) is a multi-language component: its children${form} are built by its provider plugin, which the offline preview cannot run`,
            );
        }

        const own = req.getTransformsList();
        const transforms = this.transformsFor(own, parent);
        let properties = req.getObject() ?? new Struct();
        let provider = req.getProvider();
        let dependencies = req.getDependenciesList();
        let version = req.getVersion();
        let providers = new Map(req.getProvidersMap().entries());
        if (transforms.length > 0) {
            let transformed;
            try {
                transformed = await this.runTransforms(req, transforms);
            } catch (e) {
                throw new UserInputError(`a transform of resource '${name}' (${type}) failed: ${(e as Error).message}`);
            }
            properties = transformed.properties;
            provider = transformed.options.getProvider();
            version = transformed.options.getVersion();
            providers = new Map(transformed.options.getProvidersMap().entries());
            // As the engine: only the resource's own transforms re-derive its dependencies.
            if (own.length > 0) dependencies = transformed.options.getDependsOnList();
        }
        if (custom && !provider) provider = this.inheritedProvider(parent, type.split(":")[0]);
        this.parents.set(urn, parent);
        this.ownTransforms.set(urn, own);
        if (!custom) {
            const merged = new Map(this.componentProviders.get(parent) ?? []);
            for (const [k, v] of providers) merged.set(k, v);
            this.componentProviders.set(urn, merged);
        }

        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, deps] of req.getPropertydependenciesMap().entries()) propertyDependencies[key] = deps.getUrnsList();
        const position = req.getSourceposition();
        const resource: GraphResource = {
            urn,
            type,
            name,
            custom,
            parent: parent || undefined,
            provider: provider || undefined,
            dependencies,
            propertyDependencies,
            properties,
            packageVersion: version || undefined,
            sourcePosition: position ? { uri: position.getUri(), line: position.getLine() } : undefined,
        };
        this.record(resource);

        const resp = new resproto.RegisterResourceResponse();
        resp.setUrn(urn);
        if (this.opts.knownOutputs && custom) {
            const id = mockId(type, name);
            const outputs = properties.toJavaScript();
            resp.setId(id);
            resp.setObject(Struct.fromJavaScript({ ...outputs, id, arn: outputs.arn ?? `arn:aws:mock::000000000000:${name}` }));
        } else {
            resp.setId("");
            resp.setObject(properties);
        }
        return resp;
    }

    private record(resource: GraphResource): void {
        redactor.addFromStruct(resource.properties);
        this.byUrn.set(resource.urn, resource);
        this.resources.push(resource);
        this.opts.onRegister?.(resource);
    }

    private async registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest): Promise<Empty> {
        const resource = this.byUrn.get(req.getUrn());
        const outputs = req.getOutputs();
        if (outputs) redactor.addFromStruct(outputs);
        if (resource?.type === ROOT_STACK_TYPE) this.stackOutputs = outputs;
        return new Empty();
    }

    private async readResource(req: resproto.ReadResourceRequest): Promise<resproto.ReadResourceResponse> {
        if (req.getType() !== STACK_REFERENCE_TYPE) {
            throw new UserInputError(
                `resource '${req.getName()}' (${req.getType()}) reads existing state with .get(): the offline preview cannot read cloud state`,
            );
        }
        const stackName = String(req.getProperties()?.toJavaScript().name ?? req.getId());
        const given = this.opts.stackOutputs.get(stackName);
        let outputs: Record<string, unknown> | string;
        if (given) {
            outputs = { ...given.outputs };
            for (const key of given.hiddenSecrets) outputs[key] = unknownValue;
        } else if (this.opts.knownOutputs) {
            // Values cannot be made up for another stack's outputs: without them the second pass cannot run.
            throw new UserInputError(
                `stack reference '${stackName}' has no outputs to run with: give them with --stack-outputs ${stackName}=FILE (pulumi stack output --json)`,
            );
        } else {
            outputs = unknownValue;
        }
        const urn = makeUrn(this.opts.stack, this.opts.project, req.getParent(), STACK_REFERENCE_TYPE, req.getName());
        const properties = Struct.fromJavaScript({ name: stackName, outputs, secretOutputNames: given ? given.hiddenSecrets : unknownValue } as never);
        this.parents.set(urn, req.getParent());
        const resp = new resproto.ReadResourceResponse();
        resp.setUrn(urn);
        resp.setProperties(properties);
        return resp;
    }

    private async transformInvoke(req: resproto.ResourceInvokeRequest): Promise<{ args: Struct; provider: string }> {
        let args = req.getArgs() ?? new Struct();
        let options = new resproto.TransformInvokeOptions();
        options.setProvider(req.getProvider());
        options.setVersion(req.getVersion());
        options.setPluginDownloadUrl(req.getPlugindownloadurl());
        for (const transform of this.stackInvokeTransforms) {
            const treq = new resproto.TransformInvokeRequest();
            treq.setToken(req.getTok());
            treq.setArgs(args);
            treq.setOptions(options);
            const resp = resproto.TransformInvokeResponse.deserializeBinary(await this.callBack(transform, treq.serializeBinary()));
            args = resp.getArgs() ?? args;
            options = resp.getOptions() ?? options;
        }
        return { args, provider: options.getProvider() };
    }

    private async invoke(req: resproto.ResourceInvokeRequest): Promise<provproto.InvokeResponse> {
        const token = req.getTok();
        let transformed;
        try {
            transformed = await this.transformInvoke(req);
        } catch (e) {
            throw new UserInputError(`an invoke transform of '${token}' failed: ${(e as Error).message}`);
        }
        const inputs = pulumi.runtime.deserializeProperties(transformed.args);
        const answer = answerInvoke(token, inputs, transformed.provider, this.opts.invokeContext);
        const resp = new provproto.InvokeResponse();
        if (answer.known) {
            resp.setReturn(Struct.fromJavaScript(answer.result as never));
            return resp;
        }
        const seen = this.unknownInvokes.get(token);
        if (seen) seen.count++;
        else this.unknownInvokes.set(token, { token, reason: answer.reason, count: 1 });
        // Every declared field unknown: the output form is then unknown as a whole, the promise form field by field.
        const fields = declaredResultFields(token, this.opts.invokeContext.programDir);
        const result: Record<string, string> = {};
        for (const f of fields.length > 0 ? fields : ["result"]) result[f] = unknownValue;
        resp.setReturn(Struct.fromJavaScript(result));
        return resp;
    }
}

/** The inputs of the provider a reference names, when the program registered it (explicit providers). */
export function providerInputsOf(resources: GraphResource[], providerRef: string): Record<string, unknown> | undefined {
    const urn = providerUrnOf(providerRef);
    if (!urn) return undefined;
    const provider = resources.find((r) => r.urn === urn);
    return provider ? (provider.properties.toJavaScript() as Record<string, unknown>) : undefined;
}
