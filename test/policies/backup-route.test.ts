/**
 * The backup route in the pack (policies/model/flows/scheduler.ts), in memory: graphs built like the program's
 * (a backup job is an EventBridge schedule whose input, the job's spec, names its source and its destination),
 * sent through the compiled pack in this process. The jobs as the program wires them pass; a US job pointed at
 * Singapore or at any region not approved for US data, and a non-US job wired to a US source, are rejected with
 * a message that names the job.
 */
import * as path from "path";
import type { AnalyzerConnection } from "../../tools/analyzer/connection";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { configureRequest, resolvePolicyConfig } from "../../tools/analyzer/policyConfig";
import { packInfoFromWire } from "../../tools/analyzer/policyInfo";
import { levelFromWire } from "../../tools/analyzer/proto";
import { analyzeStackRequest, indexByUrn } from "../../tools/analyzer/requests";
import { derived, type Res, Stack, UNKNOWN } from "../evasion/dsl/stack";
import { REPO_ROOT } from "../support/offlinePreview";

const US = { "data-class": "us-user-data" };
const NON_US = { "data-class": "non-us-user-data" };
const COPIES = "copies-stay-in-approved-locations";

let loaded: AnalyzerConnection | undefined;
async function pack(): Promise<AnalyzerConnection> {
    const conn = (loaded ??= loadPackInProcess(path.join(REPO_ROOT, "policies")));
    await conn.configure(configureRequest(resolvePolicyConfig(packInfoFromWire(await conn.getAnalyzerInfo()), {}, "test config")));
    return conn;
}

async function mandatory(b: Stack): Promise<{ policy: string; message: string }[]> {
    const graph = b.graph();
    const resp = await (await pack()).analyzeStack(analyzeStackRequest(graph, indexByUrn(graph)));
    return resp
        .getDiagnosticsList()
        .filter((d) => levelFromWire(d.getEnforcementlevel()) === "mandatory")
        .map((d) => ({ policy: d.getPolicyname(), message: d.getMessage() }));
}

interface Stores {
    b: Stack;
    usPrimary: Res;
    nonUsSource: Res;
    virginia: Res;
    singapore: Res;
    ireland: Res;
    providers: { virginia: Res; singapore: Res; ireland: Res; ashburn: Res };
}

/** The stores of the stack: the OCI primary (US) and the non-US source in Ashburn, backup buckets in Virginia and Singapore, and one in Ireland (it alone is a violation, for its label). */
function stack(): Stores {
    // Every resource names its provider: no stack config, so no default provider.
    const b = new Stack("us-data-residency", "test", {});
    const providers = {
        virginia: b.provider("aws", "aws-us-backup", { region: "us-east-1" }),
        singapore: b.provider("aws", "aws-non-us-backup", { region: "ap-southeast-1" }),
        ireland: b.provider("aws", "aws-ireland", { region: "eu-west-1" }),
        ashburn: b.provider("oci", "oci-primary", { region: "us-ashburn-1" }),
    };
    const oci = (name: string, tags: Record<string, string>) =>
        b.add(
            "oci:ObjectStorage/bucket:Bucket",
            name,
            { name: UNKNOWN, namespace: "ns", compartmentId: "ocid1.compartment.oc1..x", freeformTags: tags, accessType: "NoPublicAccess" },
            { provider: providers.ashburn },
        );
    const s3 = (name: string, tags: Record<string, string>, provider: Res) => b.add("aws:s3/bucket:Bucket", name, { bucket: UNKNOWN, tags }, { provider });
    return {
        b,
        providers,
        usPrimary: oci("us-user-data-primary-bucket", US),
        nonUsSource: oci("non-us-user-data-source", NON_US),
        virginia: s3("us-user-data-backup-bucket", US, providers.virginia),
        singapore: s3("non-us-user-data-backup-bucket", NON_US, providers.singapore),
        ireland: s3("elsewhere-bucket", US, providers.ireland),
    };
}

/** A backup job as the program declares it: a function and a dead-letter queue in `provider`'s region, and the schedule whose input (unknown at preview) depends on `source` and `destination`. */
function job(s: Stores, name: string, tags: Record<string, string>, provider: Res, source: Res, destination: Res): void {
    const fn = s.b.add("aws:lambda/function:Function", `${name}-function`, { role: UNKNOWN, tags, kmsKeyArn: UNKNOWN }, { provider });
    const dlq = s.b.add("aws:sqs/queue:Queue", `${name}-dead-letters`, { tags, kmsMasterKeyId: UNKNOWN }, { provider });
    s.b.add(
        "aws:scheduler/schedule:Schedule",
        `${name}-schedule`,
        {
            scheduleExpression: "rate(15 minutes)",
            target: { arn: fn.arn, roleArn: UNKNOWN, input: derived(UNKNOWN, source, destination), deadLetterConfig: { arn: dlq.arn } },
        },
        { provider },
    );
}

/** The policies that judge where data goes (the graphs here leave out keys, public access blocks and logging on purpose). */
const WHERE = new Set([
    COPIES,
    "us-user-data-in-approved-locations",
    "store-in-location-approved-for-its-label",
    "own-copies-to-approved-regions",
    "data-stores-classified",
]);

/** Violations of the route: where data goes, but for the Ireland bucket's own (a US-labelled store in Ireland). */
const routeViolations = async (s: Stores) =>
    (await mandatory(s.b)).filter(
        (v) => WHERE.has(v.policy) && !v.message.includes("'elsewhere-bucket' is labelled") && !v.message.includes("'elsewhere-bucket' holds"),
    );

test("the jobs as the program wires them pass: Ashburn primary -> Virginia, non-US source -> Singapore", async () => {
    const s = stack();
    job(s, "us-user-data-backup-job", US, s.providers.virginia, s.usPrimary, s.virginia);
    job(s, "non-us-user-data-backup-job", NON_US, s.providers.singapore, s.nonUsSource, s.singapore);
    expect(await routeViolations(s)).toEqual([]);
});

test("the US job pointed at the Singapore bucket is rejected, naming the job", async () => {
    const s = stack();
    job(s, "us-user-data-backup-job", US, s.providers.virginia, s.usPrimary, s.singapore);
    const found = (await mandatory(s.b)).filter((v) => v.policy === COPIES);
    expect(found.map((v) => v.message)).toContainEqual(
        expect.stringContaining(
            "backup of us-user-data-primary-bucket, non-us-user-data-backup-bucket via 'us-user-data-backup-job-schedule'.target.input copies us-user-data to 'non-us-user-data-backup-bucket' in aws:ap-southeast-1, which is not approved for us-user-data",
        ),
    );
});

test("the US job pointed at any region not approved for US data is rejected, naming the job", async () => {
    const s = stack();
    job(s, "us-user-data-backup-job", US, s.providers.virginia, s.usPrimary, s.ireland);
    expect((await mandatory(s.b)).filter((v) => v.policy === COPIES).map((v) => v.message)).toContainEqual(
        expect.stringContaining(
            "backup of us-user-data-primary-bucket, elsewhere-bucket via 'us-user-data-backup-job-schedule'.target.input copies us-user-data to 'elsewhere-bucket' in aws:eu-west-1, which is not approved for us-user-data",
        ),
    );
});

test("a non-US job wired to the US primary is rejected: US data would reach Singapore", async () => {
    const s = stack();
    job(s, "non-us-user-data-backup-job", NON_US, s.providers.singapore, s.usPrimary, s.singapore);
    const messages = (await mandatory(s.b)).map((v) => `${v.policy}: ${v.message}`);
    expect(messages).toContainEqual(
        expect.stringContaining(
            "us-user-data-in-approved-locations: Every data store, and every resource that takes data from one, is in a location approved for the class of data it holds or moves, counting copies and inputs; an unknown location is a violation.\n'non-us-user-data-backup-bucket' holds us-user-data in aws:ap-southeast-1 (from 'region' of provider 'aws-non-us-backup'), but aws:ap-southeast-1 is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Move it there. It holds us-user-data because it receives a copy: backup of us-user-data-primary-bucket, non-us-user-data-backup-bucket via 'non-us-user-data-backup-job-schedule'.target.input.",
        ),
    );
});

test("a job whose spec is known: its named source and destination are judged; a destination outside the stack is a violation", async () => {
    const s = stack();
    const spec = (destination: string) =>
        JSON.stringify({ job: "us-user-data-backup", dataClass: "us-user-data", source: { bucket: "us-primary-1234" }, destination: { bucket: destination } });
    s.b.resources
        .find((r) => r.name === "us-user-data-primary-bucket")!
        .properties.getFieldsMap()
        .get("name")!
        .setStringValue("us-primary-1234");
    s.b.resources
        .find((r) => r.name === "non-us-user-data-backup-bucket")!
        .properties.getFieldsMap()
        .get("bucket")!
        .setStringValue("sg-backups-1234");
    s.b.add(
        "aws:scheduler/schedule:Schedule",
        "literal-job",
        { target: { arn: "arn:aws:lambda:us-east-1:111111111111:function:f", roleArn: "arn:aws:iam::111111111111:role/r", input: spec("sg-backups-1234") } },
        { provider: s.providers.virginia },
    );
    s.b.add(
        "aws:scheduler/schedule:Schedule",
        "outside-job",
        {
            target: {
                arn: "arn:aws:lambda:us-east-1:111111111111:function:f",
                roleArn: "arn:aws:iam::111111111111:role/r",
                input: spec("someone-elses-bucket"),
            },
        },
        { provider: s.providers.virginia },
    );
    const messages = (await mandatory(s.b)).filter((v) => v.policy === COPIES).map((v) => v.message);
    expect(messages).toContainEqual(
        expect.stringContaining(
            "backup of us-user-data-primary-bucket via 'literal-job'.target.input.destination.bucket copies us-user-data to 'non-us-user-data-backup-bucket' in aws:ap-southeast-1",
        ),
    );
    expect(messages).toContainEqual(
        expect.stringContaining("via 'outside-job'.target.input.destination.bucket copies us-user-data, but where its destination is cannot be determined"),
    );
});

test("a schedule that is not a backup job still carries what it takes to its target", async () => {
    const s = stack();
    s.b.add(
        "aws:scheduler/schedule:Schedule",
        "exporter",
        { target: { arn: "arn:aws:sqs:eu-west-1:111111111111:outbox", roleArn: "arn:aws:iam::111111111111:role/r", input: UNKNOWN } },
        { provider: s.providers.virginia },
    );
    // Its input is unknown and depends on nothing: not a job it can read, so the spec is unknown and fails closed.
    const unknownSpec = (await mandatory(s.b)).filter((v) => v.message.includes("'exporter'"));
    expect(unknownSpec.length).toBeGreaterThan(0);

    const t = stack();
    t.b.add(
        "aws:scheduler/schedule:Schedule",
        "exporter",
        // Its input is known at preview but computed from the US primary: the target depends on it.
        { target: { arn: "arn:aws:sqs:eu-west-1:111111111111:outbox", roleArn: "arn:aws:iam::111111111111:role/r", input: derived("{}", t.usPrimary) } },
        { provider: t.providers.virginia },
    );
    expect((await mandatory(t.b)).filter((v) => v.policy === COPIES).map((v) => v.message)).toContainEqual(
        expect.stringContaining("scheduled of exporter via 'exporter'.target.arn copies us-user-data to its destination in aws:eu-west-1"),
    );
});
