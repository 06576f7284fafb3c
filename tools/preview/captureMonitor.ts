import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource } from "../graph/resourceGraph";
import { answerInvoke, InvokeContext } from "./offlineInvokes";
import { UserInputError } from "../errors";
import { redactor } from "../secrets";
import { makeUrn, ROOT_STACK_TYPE } from "../graph/urn";

export { makeUrn, ROOT_STACK_TYPE };

// The SDK's generated protobuf modules: the same instances the SDK itself uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resproto = require("@pulumi/pulumi/proto/resource_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const provproto = require("@pulumi/pulumi/proto/provider_pb");

type Callback = (err: Error | null, resp?: unknown) => void;

/**
 * Replaces the mock monitor's methods so that a program run under `setMocks(..., preview=true)` behaves
 * like a first `pulumi preview`: every input the program sets comes back known, every output it did not
 * set is unknown, ids are unknown, and the full registration request is kept for the analyzer.
 */
export class CaptureMonitor {
    readonly resources: GraphResource[] = [];
    readonly errors: Error[] = [];
    stackOutputs?: Struct;
    private readonly byUrn = new Map<string, GraphResource>();

    constructor(
        private readonly project: string,
        private readonly stack: string,
        private readonly invokeContext: InvokeContext,
        private readonly onRegister: (r: GraphResource) => void = () => undefined,
    ) {}

    install(): void {
        const monitor = pulumi.runtime.getMonitor() as any;
        if (!monitor) throw new Error("setMocks must run before the capture monitor is installed");
        monitor.registerResource = (req: any, cb: Callback) => this.registerResource(req, cb);
        monitor.registerResourceOutputs = (req: any, cb: Callback) => this.registerResourceOutputs(req, cb);
        monitor.invoke = (req: any, cb: Callback) => this.invoke(req, cb);
        monitor.readResource = (req: any, cb: Callback) =>
            this.fail(
                cb,
                new UserInputError(
                    `resource '${req.getName()}' (${req.getType()}) reads existing state with .get(): the offline preview cannot read cloud state`,
                ),
            );
        monitor.call = (req: any, cb: Callback) => this.fail(cb, new UserInputError(`method call '${req.getTok()}' cannot be answered offline`));
    }

    private fail(cb: Callback, err: Error): void {
        this.errors.push(err);
        cb(err);
    }

    private registerResource(req: any, cb: Callback): void {
        const type: string = req.getType();
        const name: string = req.getName();
        const urn = makeUrn(this.stack, this.project, req.getParent(), type, name);
        if (this.byUrn.has(urn)) {
            this.fail(cb, new UserInputError(`duplicate resource URN '${urn}': give the resource a unique name`));
            return;
        }
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, deps] of req.getPropertydependenciesMap().entries()) {
            propertyDependencies[key] = deps.getUrnsList();
        }
        const position = req.getSourceposition();
        const properties: Struct = req.getObject() ?? new Struct();
        const resource: GraphResource = {
            urn,
            type,
            name,
            custom: req.getCustom(),
            parent: req.getParent() || undefined,
            provider: req.getProvider() || undefined,
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            properties,
            packageVersion: req.getVersion() || undefined,
            sourcePosition: position ? { uri: position.getUri(), line: position.getLine() } : undefined,
        };
        redactor.addFromStruct(properties);
        this.byUrn.set(urn, resource);
        this.resources.push(resource);
        this.onRegister(resource);

        const resp = new resproto.RegisterResourceResponse();
        resp.setUrn(urn);
        resp.setId("");
        resp.setObject(properties);
        cb(null, resp);
    }

    private registerResourceOutputs(req: any, cb: Callback): void {
        const resource = this.byUrn.get(req.getUrn());
        redactor.addFromStruct(req.getOutputs());
        if (resource?.type === ROOT_STACK_TYPE) this.stackOutputs = req.getOutputs();
        cb(null, {});
    }

    private invoke(req: any, cb: Callback): void {
        try {
            const inputs = pulumi.runtime.deserializeProperties(req.getArgs());
            const result = answerInvoke(req.getTok(), inputs, req.getProvider(), this.invokeContext);
            const resp = new provproto.InvokeResponse();
            resp.setReturn(Struct.fromJavaScript(result as any));
            cb(null, resp);
        } catch (e) {
            this.fail(cb, e as Error);
        }
    }
}
