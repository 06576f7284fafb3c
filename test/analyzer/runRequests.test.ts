import { analyzerpb } from "../../tools/analyzer/proto";
import { indexByUrn, RunRequests } from "../../tools/analyzer/requests";
import { Stack, UNKNOWN } from "../evasion/dsl/stack";

function smallGraph() {
    const b = new Stack("runrequests", "test");
    const provider = b.provider("aws", "aws-virginia", { region: "us-east-1", defaultTags: { tags: { team: "storage" } } });
    // Nested values of every kind, whatever the type's inputs: the requests carry properties as they are.
    const bucket = b.register(
        "aws:s3/bucket:Bucket",
        "users",
        { bucket: UNKNOWN, tags: { "data-class": "us-user-data" }, rules: [{ days: 30, nested: { on: true } }] },
        { provider },
    );
    b.add("aws:s3/bucketVersioning:BucketVersioning", "users-versioning", { bucket: bucket.computed() }, { provider });
    return b.graph();
}

describe("the requests of one analysis run", () => {
    const graph = smallGraph();
    const requests = new RunRequests(indexByUrn(graph));

    it("carry each resource's properties and its provider's, also after a trip over the wire", () => {
        for (const r of graph.resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:"))) {
            const sent = requests.analyze(r);
            const received = analyzerpb.AnalyzeRequest.deserializeBinary(sent.serializeBinary());
            for (const msg of [sent, received]) {
                expect(msg.getProperties()!.toJavaScript()).toEqual(r.properties.toJavaScript());
                expect(msg.getProvider()!.getProperties()!.toJavaScript()).toEqual({
                    region: "us-east-1",
                    defaultTags: JSON.stringify({ tags: { team: "storage" } }),
                    skipCredentialsValidation: "false",
                    skipRegionValidation: "true",
                });
                expect(msg.getUrn()).toBe(r.urn);
                expect(msg.getOptions()!.getParent()).toBe(r.parent);
            }
        }
    });

    it("give AnalyzeStack the same resources, edges included, over the wire too", () => {
        const sent = requests.analyzeStack(graph);
        const received = analyzerpb.AnalyzeStackRequest.deserializeBinary(sent.serializeBinary());
        for (const msg of [sent, received]) {
            const list = msg.getResourcesList();
            expect(list.map((r) => r.getUrn())).toEqual(graph.resources.map((r) => r.urn));
            list.forEach((res, i) => {
                expect(res.getProperties()!.toJavaScript()).toEqual(graph.resources[i].properties.toJavaScript());
                const deps: Record<string, string[]> = {};
                res.getPropertydependenciesMap().forEach((v, k) => (deps[k] = v.getUrnsList()));
                expect(deps).toEqual(graph.resources[i].propertyDependencies);
            });
        }
    });

    it("convert a resource's properties to JavaScript once per run, and not across runs", () => {
        const bucket = graph.resources.find((r) => r.name === "users")!;
        const first = requests.analyze(bucket).getProperties()!.toJavaScript();
        expect(requests.analyze(bucket).getProperties()!.toJavaScript()).toBe(first);
        const inStack = requests
            .analyzeStack(graph)
            .getResourcesList()
            .find((r) => r.getName() === "users")!;
        expect(inStack.getProperties()!.toJavaScript()).toBe(first);
        const nextRun = new RunRequests(indexByUrn(graph));
        expect(nextRun.analyze(bucket).getProperties()!.toJavaScript()).not.toBe(first);
        expect(nextRun.analyze(bucket).getProperties()!.toJavaScript()).toEqual(first);
    });
});
