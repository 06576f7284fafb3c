/** The offline engine's resource monitor and engine services, in memory (tools/preview/engine/deployment.ts). */
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as enginepb from "@pulumi/pulumi/proto/engine_pb";
import { Deployment, DeploymentOptions } from "../../tools/preview/engine/deployment";
import { ProgramCallbacks } from "../../tools/preview/engine/callbacks";
import { callbackSocket } from "../../tools/preview/engine/callbacks";
import { OUTPUT_VALUE_SIG, RESOURCE_REFERENCE_SIG } from "../../tools/preview/engine/references";
import { specialSecretSig, specialSigKey, unknownValue } from "../../tools/sdkAdapter";
import { REPO_ROOT } from "../support/offlinePreview";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { runAnalysis } from "../../tools/analyzer/runAnalysis";
import { attachDefaultProviders } from "../../tools/preview/defaultProviders";

const STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";

function deployment(overrides: Partial<DeploymentOptions> = {}): Deployment {
    return new Deployment({
        project: "proj",
        stack: "dev",
        organization: "organization",
        config: { "aws:region": "us-east-1" },
        secretKeys: [],
        invokeContext: { project: "proj", config: { "aws:region": "us-east-1" }, programDir: REPO_ROOT },
        stackOutputs: new Map(),
        knownOutputs: false,
        callbacks: new ProgramCallbacks("/nonexistent"),
        ...overrides,
    });
}

function registration(type: string, name: string, props: Record<string, unknown> = {}, opts: { parent?: string; custom?: boolean; remote?: boolean } = {}) {
    const req = new resproto.RegisterResourceRequest();
    req.setType(type);
    req.setName(name);
    req.setParent(opts.parent ?? "");
    req.setCustom(opts.custom ?? true);
    req.setRemote(opts.remote ?? false);
    req.setObject(Struct.fromJavaScript(props as never));
    return req;
}

async function withStack(d: Deployment): Promise<void> {
    await d.serve(() => d.registerResource(registration("pulumi:pulumi:Stack", "proj-dev", {}, { custom: false })));
}

describe("the offline engine's registrations", () => {
    it("answers the features the engine supports, and no other", async () => {
        const d = deployment();
        const ask = async (id: string) => {
            const req = new resproto.SupportsFeatureRequest();
            req.setId(id);
            return (await d.supportsFeature(req)).getHassupport();
        };
        for (const f of ["secrets", "resourceReferences", "outputValues", "transforms", "invokeTransforms", "resourceHooks", "parameterization"]) {
            expect(await ask(f)).toBe(true);
        }
        expect(await ask("somethingNew")).toBe(false);
    });

    it("takes the root stack first, refuses a second one and anything registered before it", async () => {
        const d = deployment();
        await expect(d.serve(() => d.registerResource(registration("aws:s3/bucket:Bucket", "early", {}, { parent: STACK_URN })))).rejects.toThrow(
            /before its root stack/,
        );
        await withStack(d);
        expect(d.rootStackUrn).toBe(STACK_URN);
        await expect(d.serve(() => d.registerResource(registration("pulumi:pulumi:Stack", "again", {}, { custom: false })))).rejects.toThrow(
            /second root stack/,
        );
        expect(d.failure?.message).toMatch(/before its root stack/);
    });

    it("refuses a duplicate URN and outputs for a resource it never registered", async () => {
        const d = deployment();
        await withStack(d);
        await d.serve(() => d.registerResource(registration("aws:s3/bucket:Bucket", "b", {}, { parent: STACK_URN })));
        await expect(d.serve(() => d.registerResource(registration("aws:s3/bucket:Bucket", "b", {}, { parent: STACK_URN })))).rejects.toThrow(
            /duplicate resource URN/,
        );
        const outputs = new resproto.RegisterResourceOutputsRequest();
        outputs.setUrn("urn:pulumi:dev::proj::aws:s3/bucket:Bucket::never");
        await expect(d.serve(() => d.registerResourceOutputs(outputs))).rejects.toThrow(/never registered/);
    });

    it("answers a preview's create with the inputs and an unknown id, and says once that it answered an unknown", async () => {
        let first = 0;
        const d = deployment({ onFirstUnknown: () => first++ });
        await withStack(d);
        expect(d.unknownsAnswered.size).toBe(0);
        const resp = await d.serve(() => d.registerResource(registration("aws:s3/bucket:Bucket", "b", { bucket: "logs" }, { parent: STACK_URN })));
        await d.serve(() => d.registerResource(registration("aws:s3/bucket:Bucket", "c", {}, { parent: STACK_URN })));
        expect(resp.getId()).toBe("");
        expect(resp.getObject()?.toJavaScript()).toEqual({ bucket: "logs" });
        expect(first).toBe(1);
        expect([...d.unknownsAnswered]).toEqual([expect.stringContaining("unknown at preview")]);
    });

    it("hands the analyzer what the engine hands it: references as ids or URNs, output values as values", async () => {
        const d = deployment();
        await withStack(d);
        const role = "urn:pulumi:dev::proj::aws:iam/role:Role::r";
        const component = "urn:pulumi:dev::proj::my:index:Thing::t";
        const props = {
            role: { [specialSigKey]: RESOURCE_REFERENCE_SIG, urn: role, id: "" },
            named: { [specialSigKey]: RESOURCE_REFERENCE_SIG, urn: role, id: "role-id" },
            parent: { [specialSigKey]: RESOURCE_REFERENCE_SIG, urn: component },
            value: { [specialSigKey]: OUTPUT_VALUE_SIG, value: "x", dependencies: [role] },
            pending: { [specialSigKey]: OUTPUT_VALUE_SIG, dependencies: [role] },
            hidden: { [specialSigKey]: OUTPUT_VALUE_SIG, value: "s", secret: true },
        };
        await d.serve(() => d.registerResource(registration("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", props, { parent: STACK_URN })));
        expect(d.resources[1].properties.toJavaScript()).toEqual({
            role: unknownValue,
            named: "role-id",
            parent: component,
            value: "x",
            pending: unknownValue,
            hidden: { [specialSigKey]: specialSecretSig, value: "s" },
        });
    });

    it("answers the built-in getResource from what the run registered, and refuses a URN it never registered", async () => {
        const d = deployment();
        await withStack(d);
        await d.serve(() => d.registerResource(registration("aws:s3/bucket:Bucket", "b", { bucket: "logs" }, { parent: STACK_URN })));
        const invoke = (urn: string) => {
            const req = new resproto.ResourceInvokeRequest();
            req.setTok("pulumi:pulumi:getResource");
            req.setArgs(Struct.fromJavaScript({ urn }));
            return d.serve(() => d.invoke(req));
        };
        const urn = "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::b";
        expect((await invoke(urn)).getReturn()?.toJavaScript()).toEqual({ urn, id: unknownValue, state: { bucket: "logs" } });
        await expect(invoke("urn:pulumi:dev::proj::aws:s3/bucket:Bucket::nope")).rejects.toThrow(/never registered/);
    });

    it("records a multi-language component without running it: its outputs are unknown", async () => {
        const d = deployment();
        await withStack(d);
        const resp = await d.serve(() =>
            d.registerResource(registration("awsx:ec2:Vpc", "net", { cidrBlock: "10.0.0.0/16" }, { parent: STACK_URN, custom: false, remote: true })),
        );
        expect(resp.getObject()).toBeUndefined();
        expect(d.remoteComponents).toEqual([{ urn: "urn:pulumi:dev::proj::awsx:ec2:Vpc::net", type: "awsx:ec2:Vpc", name: "net" }]);
        expect([...d.unknownsAnswered]).toEqual([expect.stringContaining("multi-language component 'net'")]);
    });

    it("answers shutdown once every request in flight is answered, and keeps the program's log", async () => {
        const d = deployment();
        let release!: () => void;
        const held = d.serve(() => new Promise<void>((r) => (release = r)));
        let done = false;
        const shutdown = d.signalAndWaitForShutdown().then(() => (done = true));
        await new Promise((r) => setImmediate(r));
        expect(done).toBe(false);
        release();
        await held;
        await shutdown;
        expect(done).toBe(true);
        const log = new enginepb.LogRequest();
        log.setSeverity(3);
        log.setMessage("boom");
        await d.serve(() => d.log(log));
        expect(d.logs).toEqual([{ severity: "error", message: "boom", urn: "" }]);
    });

    it("refuses method calls and attaching a debugger, naming each", async () => {
        const d = deployment();
        const call = new resproto.ResourceCallRequest();
        call.setTok("eks:index:Cluster/getKubeconfig");
        await expect(d.serve(() => d.call(call))).rejects.toThrow(/method call 'eks:index:Cluster\/getKubeconfig' cannot be answered offline/);
        await expect(d.serve(() => d.startDebugging())).rejects.toThrow(/debugger/);
    });

    it("answers .get() of an existing resource with its state unknown at preview and made up with every output known; never in the graph", async () => {
        const read = () => {
            const req = new resproto.ReadResourceRequest();
            req.setType("aws:ec2/vpc:Vpc");
            req.setName("default-vpc");
            req.setId("vpc-0123456789abcdef0");
            req.setParent(STACK_URN);
            req.setProperties(Struct.fromJavaScript({ tags: { team: "net" } } as never));
            return req;
        };
        const preview = deployment();
        await withStack(preview);
        const state = (await preview.serve(() => preview.readResource(read()))).getProperties()?.toJavaScript();
        // Only what the program gave: the SDK makes every other output unknown at preview.
        expect(state).toEqual({ tags: { team: "net" } });
        expect(preview.readExisting).toEqual([
            { urn: "urn:pulumi:dev::proj::aws:ec2/vpc:Vpc::default-vpc", type: "aws:ec2/vpc:Vpc", name: "default-vpc", id: "vpc-0123456789abcdef0" },
        ]);
        expect([...preview.unknownsAnswered]).toEqual([expect.stringContaining("read with .get(), is unknown")]);
        expect(preview.resources.map((r) => r.name)).toEqual(["proj-dev"]);
        const known = deployment({ knownOutputs: true });
        await withStack(known);
        const made = (await known.serve(() => known.readResource(read()))).getProperties()?.toJavaScript() as Record<string, unknown>;
        expect(made).toMatchObject({ tags: { team: "net" }, cidrBlock: expect.any(String) });
        expect(made.arn).toMatch(/^arn:aws:ec2:us-east-1:/);
        expect(known.resources.map((r) => r.name)).toEqual(["proj-dev"]);
    });
});

describe("the callbacks the engine dials", () => {
    it("are unix sockets in the run's folder, whatever address the program reports", () => {
        expect(callbackSocket("/tmp/run-x", "127.0.0.1:40001")).toBe("/tmp/run-x/callbacks-40001.sock");
        for (const target of ["10.0.0.1:80", "127.0.0.1:9229/../x", "unix:/tmp/other.sock", "localhost:1", ""]) {
            expect(() => callbackSocket("/tmp/run-x", target)).toThrow(/does not dial/);
        }
    });
});

describe("the second pass (every output known)", () => {
    const config = { "aws:region": "us-east-1", "aws:defaultTags": JSON.stringify({ tags: { "data-class": "us-user-data" } }) };
    const known = () => deployment({ knownOutputs: true, config, invokeContext: { project: "proj", config, programDir: REPO_ROOT } });
    /** What the pack, in process, says of the copies in what `d` registered, as the second pass sends it. */
    const copiesResults = async (d: Deployment) => {
        const graph = { project: "proj", stack: "dev", resources: attachDefaultProviders(d.resources, config, "proj", "dev") };
        const run = await runAnalysis(loadPackInProcess(path.join(REPO_ROOT, "policies")), graph, { stackConfig: config, secretKeys: [], dryRun: false });
        return run.results.filter((r) => r.policy === "copies-stay-in-approved-locations").map((r) => r.message);
    };

    /** Registers a Lambda function whose environment `variables` are built from the resources `environmentFrom`. */
    const registerFunction = (d: Deployment, name: string, variables: Record<string, string>, environmentFrom: string[]) => {
        const fn = registration(
            "aws:lambda/function:Function",
            name,
            { role: `arn:aws:iam::111122223333:role/${name}`, environment: { variables } },
            { parent: STACK_URN },
        );
        const deps = new resproto.RegisterResourceRequest.PropertyDependencies();
        deps.setUrnsList(environmentFrom);
        fn.getPropertydependenciesMap().set("environment", deps);
        return d.serve(() => d.registerResource(fn));
    };

    it("hands the analyzer the name autonaming gives a resource and its own ARN, the ones its outputs give the program", async () => {
        const d = known();
        await withStack(d);
        const auto = await d.serve(() => d.registerResource(registration("aws:s3/bucket:Bucket", "uploads", {}, { parent: STACK_URN })));
        const named = await d.serve(() => d.registerResource(registration("aws:s3/bucket:Bucket", "logs", { bucket: "acme-logs" }, { parent: STACK_URN })));
        const role = await d.serve(() => d.registerResource(registration("aws:iam/role:Role", "fn", { assumeRolePolicy: "{}" }, { parent: STACK_URN })));
        const bucket = auto.getObject()?.toJavaScript().bucket as string;
        expect(bucket).toMatch(/^uploads-[0-9a-f]{7}$/);
        expect(d.resources[1].properties.toJavaScript()).toEqual({ bucket, arn: `arn:aws:s3:::${bucket}` });
        expect(named.getObject()?.toJavaScript().bucket).toBe("acme-logs");
        expect(d.resources[2].properties.toJavaScript()).toEqual({ bucket: "acme-logs", arn: "arn:aws:s3:::acme-logs" });
        const roleName = role.getObject()?.toJavaScript().name as string;
        expect(roleName).toMatch(/^fn-[0-9a-f]{7}$/);
        const roleArn = role.getObject()?.toJavaScript().arn as string;
        expect(roleArn).toBe(`arn:aws:iam::${roleArn.split(":")[4]}:role/${roleName}`);
        expect(d.resources[3].properties.toJavaScript()).toEqual({ assumeRolePolicy: "{}", name: roleName, arn: roleArn });
    });

    // onObjectCreated (test/fixtures/realworld/object-created): the permission's sourceArn is the bucket's ARN, known
    // in the second pass. The pack resolves it to the bucket by the bucket's name; without that name among the
    // bucket's inputs the ARN named a bucket outside the stack, a residency false alarm of copies-stay-in-approved-locations.
    it("an ARN the program builds from an autonamed bucket names that bucket to the pack", async () => {
        const d = known();
        await withStack(d);
        const bucket = await d.serve(() => d.registerResource(registration("aws:s3/bucket:Bucket", "uploads", {}, { parent: STACK_URN })));
        const arn = bucket.getObject()?.toJavaScript().arn as string;
        expect(arn).toBe(`arn:aws:s3:::${bucket.getObject()?.toJavaScript().bucket as string}`);
        const permission = registration(
            "aws:lambda/permission:Permission",
            "on-upload",
            { action: "lambda:InvokeFunction", function: "on-upload-1a2b3c4", principal: "s3.amazonaws.com", sourceArn: arn },
            { parent: STACK_URN },
        );
        const deps = new resproto.RegisterResourceRequest.PropertyDependencies();
        deps.setUrnsList(["urn:pulumi:dev::proj::aws:s3/bucket:Bucket::uploads"]);
        permission.getPropertydependenciesMap().set("sourceArn", deps);
        await d.serve(() => d.registerResource(permission));
        expect(await copiesResults(d)).toEqual([]);
    });

    // A function given a load balancer's DNS name and an HTTP API's endpoint (a frontend calling its backend): with
    // every value known, those hosts are the ones the second pass made up for the two resources. As after `pulumi up`,
    // the analyzer sees each resource's own address, so the pack reads the hosts back as those resources in us-east-1,
    // not as AWS hosts outside the stack (a residency false alarm of the second pass).
    it("a value built from a resource's own address names that resource to the pack", async () => {
        const d = known();
        await withStack(d);
        const lb = await d.serve(() =>
            d.registerResource(registration("aws:lb/loadBalancer:LoadBalancer", "front", { loadBalancerType: "application" }, { parent: STACK_URN })),
        );
        const api = await d.serve(() => d.registerResource(registration("aws:apigatewayv2/api:Api", "api", { protocolType: "HTTP" }, { parent: STACK_URN })));
        const dnsName = lb.getObject()?.toJavaScript().dnsName as string;
        const endpoint = api.getObject()?.toJavaScript().apiEndpoint as string;
        expect(d.resources[1].properties.toJavaScript()).toMatchObject({ dnsName });
        expect(d.resources[2].properties.toJavaScript()).toMatchObject({ apiEndpoint: endpoint });
        await registerFunction(d, "caller", { BACKEND: `http://${dnsName}:80/orders`, API: `${endpoint}/v1` }, [
            "urn:pulumi:dev::proj::aws:lb/loadBalancer:LoadBalancer::front",
            "urn:pulumi:dev::proj::aws:apigatewayv2/api:Api::api",
        ]);
        expect(await copiesResults(d)).toEqual([]);
    });

    // A function given an instance's public IP and an Elastic IP (a worker calling its database host): each address
    // the second pass makes up is its own, so the pack reads it back as that resource, not as a host outside the stack.
    // An address no resource of the stack has stays outside it.
    it("an IP address the program takes from an instance or an Elastic IP names that resource to the pack", async () => {
        const d = known();
        await withStack(d);
        const db = await d.serve(() =>
            d.registerResource(registration("aws:ec2/instance:Instance", "db", { instanceType: "t3.micro" }, { parent: STACK_URN })),
        );
        const eip = await d.serve(() => d.registerResource(registration("aws:ec2/eip:Eip", "front", { domain: "vpc" }, { parent: STACK_URN })));
        const dbIp = db.getObject()?.toJavaScript().publicIp as string;
        const frontIp = eip.getObject()?.toJavaScript().publicIp as string;
        expect(dbIp).toMatch(/^10\.\d+\.\d+\.\d+$/);
        expect(frontIp).toMatch(/^10\.\d+\.\d+\.\d+$/);
        expect(frontIp).not.toBe(dbIp);
        expect(d.resources[1].properties.toJavaScript()).toMatchObject({ publicIp: dbIp });
        const worker = (name: string, variables: Record<string, string>) =>
            registerFunction(d, name, variables, ["urn:pulumi:dev::proj::aws:ec2/instance:Instance::db", "urn:pulumi:dev::proj::aws:ec2/eip:Eip::front"]);
        await worker("worker", { DB_HOST: dbIp, FRONT: `http://${frontIp}:8080/` });
        expect(await copiesResults(d)).toEqual([]);
        await worker("leaker", { DB_HOST: "203.0.113.7" });
        expect(await copiesResults(d)).toEqual([expect.stringMatching(/'leaker' .*'203\.0\.113\.7' is outside this stack/)]);
    });

    // A function given a queue's and a table's ARNs (a worker of the stack's own stores): with every value known, those
    // ARNs are the ones the second pass made up. As after `pulumi up`, the analyzer sees each resource's own ARN, so
    // the pack reads them back as those stores; a store's ARN no resource of the stack has is a store outside it.
    it("an ARN the program takes from a store of the stack names that store to the pack", async () => {
        const d = known();
        await withStack(d);
        const queue = await d.serve(() => d.registerResource(registration("aws:sqs/queue:Queue", "jobs", {}, { parent: STACK_URN })));
        const table = await d.serve(() =>
            d.registerResource(
                registration("aws:dynamodb/table:Table", "users", { hashKey: "id", attributes: [{ name: "id", type: "S" }] }, { parent: STACK_URN }),
            ),
        );
        const queueArn = queue.getObject()?.toJavaScript().arn as string;
        const tableArn = table.getObject()?.toJavaScript().arn as string;
        expect(queueArn).toMatch(/^arn:aws:sqs:us-east-1:/);
        expect(d.resources[1].properties.toJavaScript()).toMatchObject({ arn: queueArn });
        const worker = (name: string, variables: Record<string, string>) =>
            registerFunction(d, name, variables, ["urn:pulumi:dev::proj::aws:sqs/queue:Queue::jobs", "urn:pulumi:dev::proj::aws:dynamodb/table:Table::users"]);
        await worker("worker", { QUEUE: queueArn, TABLE: tableArn });
        expect(await copiesResults(d)).toEqual([]);
        await worker("launderer", { QUEUE: "arn:aws:sqs:us-east-1:999988887777:other-stack-jobs" });
        expect(await copiesResults(d)).toEqual([expect.stringMatching(/'launderer' .*a store outside this stack, in aws:us-east-1/)]);
    });

    it("refuses a value a program sets for an output its provider assigns, as the provider does", async () => {
        for (const d of [known(), deployment()]) {
            await withStack(d);
            const forged = registration("aws:lb/loadBalancer:LoadBalancer", "front", { dnsName: "intake.partner.example" }, { parent: STACK_URN });
            await expect(d.serve(() => d.registerResource(forged))).rejects.toThrow(/sets 'dnsName', an output its provider assigns/);
        }
    });
});
