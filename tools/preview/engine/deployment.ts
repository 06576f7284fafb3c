/**
 * The engine's side of one run of the program: what `pkg/resource/deploy/source_eval.go` (the resource monitor)
 * and the engine service do for a preview, offline. It registers resources (URNs, transforms, providers), answers
 * invokes, stack references and the engine's built-in functions, and keeps every registration for the analyzer.
 * It decides from what it saw, never from what the program says about itself: whether the root stack was
 * registered and its outputs too, whether any value it answered with was unknown, which registrations are still
 * in flight. Pure logic over the SDK's protobuf messages; monitorServer.ts serves it over gRPC.
 */
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as enginepb from "@pulumi/pulumi/proto/engine_pb";
import * as callbackpb from "@pulumi/pulumi/proto/callback_pb";
import type { GraphResource } from "../../graph/resourceGraph";
import { providerUrnOf } from "../../graph/resourceGraph";
import { makeUrn, ROOT_STACK_TYPE } from "../../graph/urn";
import { answerInvoke, declaredResultFields, InvokeContext } from "../offlineInvokes";
import { ARN_INPUTS } from "../../../policies/model/graph";
import { ownAddressProps } from "../../../policies/model/propertyRoles";
import type { StackOutputsByName } from "../stackOutputs";
import { UserInputError } from "../../errors";
import { redactor } from "../../secrets";
import { unknownValue } from "../../sdkAdapter";
import { DeclaredShapes } from "../shapes/declaredShapes";
import { knownInvokeResult, knownOutputs, type ShapeContext } from "../shapes/knownValues";
import { shapeContextFor } from "../shapes/shapeContext";
import { downgradeForAnalyzer, hasEngineOnlyValues } from "./references";
import type { ProgramCallbacks } from "./callbacks";

export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";
const GET_RESOURCE = "pulumi:pulumi:getResource";

/** The features `supportsFeature` answers yes to: those of the engine (source_eval.go `supportsFeatureID`). */
const SUPPORTED_FEATURES = new Set([
    "secrets",
    "resourceReferences",
    "outputValues",
    "aliasSpecs",
    "replacementTrigger",
    "deletedWith",
    "replaceWith",
    "transforms",
    "invokeTransforms",
    "parameterization",
    "resourceHooks",
    "errorHooks",
    "sendsOptionsToHooks",
]);

/** An invoke the offline preview could not answer: its result was unknown, as in a preview. */
export interface UnknownInvoke {
    token: string;
    reason: string;
    count: number;
}

/** A multi-language component: its provider plugin builds its children, which no offline run can see. */
export interface RemoteComponent {
    urn: string;
    type: string;
    name: string;
}

/** An existing resource the program reads with `.get()`: the engine reads its state from the cloud, which no offline run can. */
export interface ReadExisting {
    urn: string;
    type: string;
    name: string;
    id: string;
}

/** A message the program logged through the engine (`pulumi.log`, and the SDK's own report of a failure). */
export interface EngineLog {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
    urn: string;
}

export interface DeploymentOptions {
    project: string;
    stack: string;
    organization: string;
    config: Record<string, string>;
    secretKeys: string[];
    invokeContext: Omit<InvokeContext, "explicitProviderInputs">;
    stackOutputs: StackOutputsByName;
    /**
     * The second pass: every output known, as after `pulumi up` (the inputs echoed, then every output the class
     * declares, of its declared type and derived from the provider's region: shapes/knownValues.ts), so the program
     * reaches every `apply`. Off: a first `pulumi preview`, where every output the program did not set is unknown.
     */
    knownOutputs: boolean;
    /**
     * A preview pass run again because the program failed on invoke results the cloud decides, read as undefined:
     * those invokes answer as in the second pass (a result of their declared shape, places derived from the
     * provider's region or unknown), while every output stays unknown. Each is still listed as unanswered.
     */
    madeUpInvokes?: boolean;
    callbacks: ProgramCallbacks;
    onRegister?: (r: GraphResource) => void;
    onLog?: (log: EngineLog) => void;
    /** Called once, when this engine first answers the program with a value unknown at preview. */
    onFirstUnknown?: () => void;
}

/**
 * A provider refuses a value set for an output it assigns (a load balancer's `dnsName`); so does this engine, since
 * the pack takes such an output as the resource's own address (propertyRoles.ts, OWN_ADDRESSES).
 */
function refuseOwnAddressInputs(type: string, name: string, inputs: Record<string, unknown>): void {
    const set = ownAddressProps(type).find((p) => inputs[p] !== undefined && inputs[p] !== null);
    if (set) {
        throw new UserInputError(
            `resource '${name}' (${type}) sets '${set}', an output its provider assigns: the provider refuses a value for it. Remove '${set}' from its inputs`,
        );
    }
}

/**
 * The made-up values of a resource's own address outputs and its own ARN, when known: what an update's preview shows
 * the analyzer of a resource `pulumi up` created, so that a value the program passes on from them names this resource.
 */
function ownAddressOutputs(type: string, outputs: Record<string, unknown>): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    const own = ARN_INPUTS[type] === "another's" ? ownAddressProps(type) : [...ownAddressProps(type), "arn"];
    for (const p of own) if (outputs[p] !== undefined && outputs[p] !== null && outputs[p] !== unknownValue) out[p] = outputs[p];
    return Object.keys(out).length > 0 ? out : undefined;
}

const SEVERITIES: Record<number, EngineLog["severity"]> = { 0: "debug", 1: "info", 2: "warning", 3: "error" };

export class Deployment {
    readonly resources: GraphResource[] = [];
    /** The first error this engine answered the program with: the run's verdict is then that error. */
    failure?: UserInputError;
    rootStackUrn?: string;
    rootOutputsRegistered = false;
    stackOutputs?: Struct;
    readonly remoteComponents: RemoteComponent[] = [];
    readonly readExisting: ReadExisting[] = [];
    readonly logs: EngineLog[] = [];
    /** The program's SDK declarations, read on demand by the second pass. */
    private shapes?: DeclaredShapes;
    /** Why a second pass could find more: each kind of unknown value this engine answered with, once. */
    private readonly unknowns = new Set<string>();
    /** Requests answered or being answered; `inFlight` those not answered yet. */
    requests = 0;
    inFlight = 0;
    private readonly byUrn = new Map<string, GraphResource>();
    /** The program's own view of each registration (resource references kept), for `getResource`. */
    private readonly outputsByUrn = new Map<string, { id: string; object: Struct }>();
    private readonly unknownInvokes = new Map<string, UnknownInvoke>();
    private rootResource = "";
    /** The engine's transform bookkeeping: per resource its own transforms and parent, and the stack's. */
    private readonly ownTransforms = new Map<string, callbackpb.Callback[]>();
    private readonly parents = new Map<string, string>();
    private readonly componentProviders = new Map<string, Map<string, string>>();
    private readonly stackTransforms: callbackpb.Callback[] = [];
    private readonly stackInvokeTransforms: callbackpb.Callback[] = [];
    private readonly packages = new Map<string, resproto.RegisterPackageRequest>();
    private shutdownWaiters: (() => void)[] = [];

    constructor(private readonly opts: DeploymentOptions) {}

    get unknownsAnswered(): ReadonlySet<string> {
        return this.unknowns;
    }

    private answeredUnknown(why: string): void {
        if (this.unknowns.size === 0) this.opts.onFirstUnknown?.();
        this.unknowns.add(why);
    }

    /** Invokes whose result was unknown, by token, in first-seen order. */
    unansweredInvokes(): UnknownInvoke[] {
        return [...this.unknownInvokes.values()];
    }

    /** Runs one request through `handler`, counting it in flight, and keeps the first error it answers with. */
    async serve<Resp>(handler: () => Promise<Resp>): Promise<Resp> {
        this.requests++;
        this.inFlight++;
        try {
            return await handler();
        } catch (e) {
            const error = e instanceof UserInputError ? e : new UserInputError((e as Error).message);
            this.failure ??= error;
            throw error;
        } finally {
            this.inFlight--;
            if (this.inFlight === 0) this.releaseShutdownWaiters();
        }
    }

    // ---- ResourceMonitor ----

    async supportsFeature(req: resproto.SupportsFeatureRequest): Promise<resproto.SupportsFeatureResponse> {
        const resp = new resproto.SupportsFeatureResponse();
        resp.setHassupport(SUPPORTED_FEATURES.has(req.getId()));
        return resp;
    }

    async getDeploymentInfo(): Promise<resproto.DeploymentInfo> {
        const info = new resproto.DeploymentInfo();
        info.setProject(this.opts.project);
        info.setStack(this.opts.stack);
        info.setOrganization(this.opts.organization);
        for (const [k, v] of Object.entries(this.opts.config)) info.getConfigMap().set(k, v);
        info.setConfigsecretkeysList(this.opts.secretKeys);
        info.setDryrun(!this.opts.knownOutputs);
        return info;
    }

    async registerPackage(req: resproto.RegisterPackageRequest): Promise<resproto.RegisterPackageResponse> {
        // The engine hands back a reference the program then names packages by; the package itself is looked up by name.
        const ref = `${req.getName()}@${req.getVersion()}#${this.packages.size}`;
        this.packages.set(ref, req);
        const resp = new resproto.RegisterPackageResponse();
        resp.setRef(ref);
        return resp;
    }

    async registerStackTransform(cb: callbackpb.Callback): Promise<Empty> {
        this.stackTransforms.push(cb);
        return new Empty();
    }

    async registerStackInvokeTransform(cb: callbackpb.Callback): Promise<Empty> {
        this.stackInvokeTransforms.push(cb);
        return new Empty();
    }

    /** Resource and error hooks run around operations on cloud resources; a preview performs none. */
    async registerHook(): Promise<Empty> {
        return new Empty();
    }

    /** The engine answers once every registration the program started has been answered (not itself counted in flight). */
    signalAndWaitForShutdown(): Promise<Empty> {
        if (this.inFlight === 0) return Promise.resolve(new Empty());
        return new Promise((resolve) => this.shutdownWaiters.push(() => resolve(new Empty())));
    }

    private releaseShutdownWaiters(): void {
        const waiters = this.shutdownWaiters;
        this.shutdownWaiters = [];
        for (const w of waiters) w();
    }

    async call(req: resproto.ResourceCallRequest): Promise<provproto.CallResponse> {
        throw new UserInputError(`method call '${req.getTok()}' cannot be answered offline: it runs in a provider plugin`);
    }

    async registerResource(req: resproto.RegisterResourceRequest): Promise<resproto.RegisterResourceResponse> {
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent();
        const custom = req.getCustom();
        const urn = makeUrn(this.opts.stack, this.opts.project, parent, type, name);
        if (this.byUrn.has(urn)) throw new UserInputError(`duplicate resource URN '${urn}': give the resource a unique name`);
        if (type === ROOT_STACK_TYPE && !parent) {
            if (this.rootStackUrn) throw new UserInputError("the program registered a second root stack");
            this.rootStackUrn = urn;
        } else if (!this.rootStackUrn) {
            throw new UserInputError(`the program registered '${name}' (${type}) before its root stack: it must run in the Pulumi language host`);
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
        const programView = properties.toJavaScript();
        if (custom && !req.getRemote()) refuseOwnAddressInputs(type, name, programView);
        const known =
            this.opts.knownOutputs && custom && !req.getRemote()
                ? knownOutputs(type, name, programView, this.shapeContext(type, provider), { urn })
                : undefined;
        // As the engine: the name autonaming fills in is an input, so the analyzer sees the name the program is given
        // (an ARN the program builds from it then names this resource). Its own address, as after `pulumi up`: a value
        // the program builds from it then names this resource, not a host outside the stack.
        const addresses = known ? ownAddressOutputs(type, known.outputs) : undefined;
        const analyzerView = known?.autonamed || addresses ? { ...programView, ...known?.autonamed, ...addresses } : programView;
        const resource: GraphResource = {
            urn,
            type,
            name,
            custom,
            parent: parent || undefined,
            provider: provider || undefined,
            dependencies,
            propertyDependencies,
            properties:
                hasEngineOnlyValues(analyzerView) || analyzerView !== programView
                    ? Struct.fromJavaScript(downgradeForAnalyzer(analyzerView) as never)
                    : properties,
            packageVersion: version || undefined,
            sourcePosition: position ? { uri: position.getUri(), line: position.getLine() } : undefined,
        };
        this.record(resource);

        const resp = new resproto.RegisterResourceResponse();
        resp.setUrn(urn);
        if (req.getRemote()) {
            // Its provider plugin would construct it and its children; offline its outputs are unknown.
            this.remoteComponents.push({ urn, type, name });
            this.answeredUnknown(`the outputs of multi-language component '${name}' (${type}) are unknown`);
            this.outputsByUrn.set(urn, { id: "", object: new Struct() });
            return resp;
        }
        if (!custom) {
            this.outputsByUrn.set(urn, { id: "", object: new Struct() });
            return resp;
        }
        if (known) {
            const id = known.id;
            const object = Struct.fromJavaScript({ ...known.outputs, id } as never);
            resp.setId(id);
            resp.setObject(object);
            this.outputsByUrn.set(urn, { id, object });
        } else {
            // A preview of a create: the outputs are the inputs, and what the provider computes (the id among them) is unknown.
            this.answeredUnknown("the outputs the cloud assigns (ids, ARNs, generated names) are unknown at preview");
            resp.setId("");
            resp.setObject(properties);
            this.outputsByUrn.set(urn, { id: "", object: properties });
        }
        return resp;
    }

    private record(resource: GraphResource): void {
        redactor.addFromStruct(resource.properties);
        this.byUrn.set(resource.urn, resource);
        this.resources.push(resource);
        this.opts.onRegister?.(resource);
    }

    async registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest): Promise<Empty> {
        const urn = req.getUrn();
        const resource = this.byUrn.get(urn);
        if (!resource) throw new UserInputError(`the program registered outputs for '${urn}', which it never registered`);
        const outputs = req.getOutputs();
        if (outputs) redactor.addFromStruct(outputs);
        if (urn === this.rootStackUrn) {
            this.stackOutputs = outputs;
            this.rootOutputsRegistered = true;
        }
        return new Empty();
    }

    async readResource(req: resproto.ReadResourceRequest): Promise<resproto.ReadResourceResponse> {
        if (req.getType() !== STACK_REFERENCE_TYPE) return this.readExistingResource(req);
        const stackName = String(req.getProperties()?.toJavaScript().name ?? req.getId());
        const given = this.opts.stackOutputs.get(stackName);
        let outputs: Record<string, unknown> | string;
        if (given) {
            outputs = { ...given.outputs };
            for (const key of given.hiddenSecrets) outputs[key] = unknownValue;
            if (given.hiddenSecrets.length > 0) this.answeredUnknown(`secret outputs of stack reference '${stackName}' are unknown`);
        } else if (this.opts.knownOutputs) {
            // Values cannot be made up for another stack's outputs: without them the second pass cannot run.
            throw new UserInputError(
                `stack reference '${stackName}' has no outputs to run with: give them with --stack-outputs ${stackName}=FILE (pulumi stack output --json)`,
            );
        } else {
            outputs = unknownValue;
            this.answeredUnknown(`the outputs of stack reference '${stackName}' are unknown (no --stack-outputs)`);
        }
        const urn = makeUrn(this.opts.stack, this.opts.project, req.getParent(), STACK_REFERENCE_TYPE, req.getName());
        return this.answerRead(urn, req.getParent(), stackName, { name: stackName, outputs, secretOutputNames: given ? given.hiddenSecrets : unknownValue });
    }

    /** A read's answer: the state the program gets, kept (with its parent) for `getResource` and transforms. */
    private answerRead(urn: string, parent: string, id: string, state: Record<string, unknown>): resproto.ReadResourceResponse {
        const properties = Struct.fromJavaScript(state as never);
        this.parents.set(urn, parent);
        this.outputsByUrn.set(urn, { id, object: properties });
        const resp = new resproto.ReadResourceResponse();
        resp.setUrn(urn);
        resp.setProperties(properties);
        return resp;
    }

    /**
     * `.get()` of an existing resource: the engine reads its state through the provider. Offline that state is
     * unknown in the preview pass (the SDK makes every output the answer leaves out unknown) and made up in the second;
     * the resource is not one the stack creates, so it is not in the graph, and the preview names it as not seen.
     */
    private readExistingResource(req: resproto.ReadResourceRequest): resproto.ReadResourceResponse {
        const type = req.getType();
        const name = req.getName();
        const urn = makeUrn(this.opts.stack, this.opts.project, req.getParent(), type, name);
        if (this.byUrn.has(urn) || this.outputsByUrn.has(urn)) throw new UserInputError(`duplicate resource URN '${urn}': give the resource a unique name`);
        const given = req.getProperties()?.toJavaScript() ?? {};
        const id = req.getId();
        this.readExisting.push({ urn, type, name, id });
        let state: Record<string, unknown> = given;
        if (this.opts.knownOutputs) {
            const provider = req.getProvider() || this.inheritedProvider(req.getParent(), type.split(":")[0]);
            const { id: _madeUp, ...outputs } = knownOutputs(type, name, given, this.shapeContext(type, provider), { urn }).outputs;
            state = { ...outputs, ...given };
        } else {
            this.answeredUnknown(`the state of '${name}' (${type}), read with .get(), is unknown`);
        }
        return this.answerRead(urn, req.getParent(), id, state);
    }

    async invoke(req: resproto.ResourceInvokeRequest): Promise<provproto.InvokeResponse> {
        const token = req.getTok();
        if (token === GET_RESOURCE) return this.getResource(req);
        let transformed;
        try {
            transformed = await this.transformInvoke(req);
        } catch (e) {
            throw new UserInputError(`an invoke transform of '${token}' failed: ${(e as Error).message}`);
        }
        const inputs = deserializeProperties(transformed.args) as Record<string, unknown>;
        const answer = answerInvoke(token, inputs, transformed.provider, {
            ...this.opts.invokeContext,
            explicitProviderInputs: (ref) => this.providerInputs(ref),
        });
        const resp = new provproto.InvokeResponse();
        if (this.opts.knownOutputs) {
            // After `pulumi up` every invoke answers: what config decides, and the rest of its declared result.
            const known = knownInvokeResult(token, inputs, this.shapeContext(token, transformed.provider), answer.known ? answer.result : undefined);
            resp.setReturn(Struct.fromJavaScript(known.result as never));
            return resp;
        }
        if (answer.known) {
            resp.setReturn(Struct.fromJavaScript(answer.result as never));
            return resp;
        }
        const seen = this.unknownInvokes.get(token);
        if (seen) seen.count++;
        else this.unknownInvokes.set(token, { token, reason: answer.reason, count: 1 });
        if (this.opts.madeUpInvokes) {
            resp.setReturn(Struct.fromJavaScript(knownInvokeResult(token, inputs, this.shapeContext(token, transformed.provider)).result as never));
            return resp;
        }
        this.answeredUnknown(`invoke '${token}' is unknown`);
        // Every declared field unknown: the output form is then unknown as a whole, the promise form field by field.
        const fields = declaredResultFields(token, this.opts.invokeContext.programDir);
        const result: Record<string, string> = {};
        for (const f of fields.length > 0 ? fields : ["result"]) result[f] = unknownValue;
        resp.setReturn(Struct.fromJavaScript(result));
        return resp;
    }

    /** The engine's built-in `pulumi:pulumi:getResource`: the state of a resource this run registered, by URN. */
    private getResource(req: resproto.ResourceInvokeRequest): provproto.InvokeResponse {
        const urn = String(req.getArgs()?.toJavaScript().urn ?? "");
        const registered = this.outputsByUrn.get(urn);
        if (!registered) throw new UserInputError(`the program asked for resource '${urn.slice(0, 200)}', which this run never registered`);
        const resp = new provproto.InvokeResponse();
        resp.setReturn(Struct.fromJavaScript({ urn, id: registered.id || unknownValue, state: registered.object.toJavaScript() } as never));
        return resp;
    }

    // ---- Engine ----

    async log(req: enginepb.LogRequest): Promise<Empty> {
        const entry: EngineLog = { severity: SEVERITIES[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() };
        this.logs.push(entry);
        this.opts.onLog?.(entry);
        return new Empty();
    }

    async getRootResource(): Promise<enginepb.GetRootResourceResponse> {
        const resp = new enginepb.GetRootResourceResponse();
        resp.setUrn(this.rootResource);
        return resp;
    }

    async setRootResource(req: enginepb.SetRootResourceRequest): Promise<enginepb.SetRootResourceResponse> {
        this.rootResource = req.getUrn();
        return new enginepb.SetRootResourceResponse();
    }

    async requirePulumiVersion(): Promise<enginepb.RequirePulumiVersionResponse> {
        return new enginepb.RequirePulumiVersionResponse();
    }

    async startDebugging(): Promise<Empty> {
        throw new UserInputError("the program asked to attach a debugger, which the offline preview does not do");
    }

    // ---- transforms and providers ----

    /** Where a registration or invoke of the second pass goes: its provider's region, account and tenancy. */
    private shapeContext(token: string, providerRef: string): ShapeContext {
        this.shapes ??= new DeclaredShapes(this.opts.invokeContext.programDir);
        const invoke = { ...this.opts.invokeContext, explicitProviderInputs: (ref: string) => this.providerInputs(ref) };
        return shapeContextFor(token.split(":")[0], providerRef, invoke, this.opts.stack, this.shapes);
    }

    /** The inputs of the provider a reference names, when the program registered it (explicit providers). */
    private providerInputs(providerRef: string): Record<string, unknown> | undefined {
        const urn = providerUrnOf(providerRef);
        const provider = urn ? this.byUrn.get(urn) : undefined;
        return provider ? (provider.properties.toJavaScript() as Record<string, unknown>) : undefined;
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
            const resp = resproto.TransformResponse.deserializeBinary(await this.opts.callbacks.call(transform, treq.serializeBinary()));
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
            const resp = resproto.TransformInvokeResponse.deserializeBinary(await this.opts.callbacks.call(transform, treq.serializeBinary()));
            args = resp.getArgs() ?? args;
            options = resp.getOptions() ?? options;
        }
        return { args, provider: options.getProvider() };
    }
}
