import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { ciGuardrails } from "../../infra/bootstrap/ciGuardrails";
import { DEPLOY_MANAGED_POLICY_ARN } from "../../infra/bootstrap/ciRoles";
import { ENVIRONMENTS, loadStackConfig } from "../../infra/config";
import { awsRegionApprovals, ociUsRegionKeys } from "../../infra/guardrails/approvals";
import { backupJobArns, deployBoundary, deployIamPolicy, githubTrust, statePolicy } from "../../infra/guardrails/awsGuardrails";
import { deployBoundaryArn, NON_US_BACKUP_BUCKETS, NON_US_BACKUP_JOBS } from "../../infra/guardrails/names";
import { deployerStatements, previewerStatements } from "../../infra/guardrails/ociGuardrails";
import { backupJobName, createStack } from "../../infra/stack";
import { parseOciStatement } from "../../policies/model/ociStatements";
import { DEFAULT_SETTINGS } from "../../policies/model/settings";
import { evaluate } from "../guardrails/iamEvaluator";
import { AWS_ACCOUNT, capture, type Capture, type CapturedResource, policyDocument, STACK } from "./harness";

// The guardrails as the programs register them, under Pulumi mocks: the bootstrap stack's CI roles and OCI groups
// (their documents are exactly the rendered ones, literal at the first preview), and the main program, whose roles and
// out-of-US resources must fit the boundary of the stack that deploys them.

const REPO = path.resolve(__dirname, "..", "..");
const yamlConfig = (file: string) =>
    Object.fromEntries(
        Object.entries((parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config).map(([k, v]) => [
            k,
            typeof v === "string" ? v : JSON.stringify(v),
        ]),
    );
const BOOTSTRAP_CONFIG = yamlConfig(path.join(REPO, "infra", "bootstrap", "Pulumi.bootstrap.yaml"));
const STATE = { accountId: AWS_ACCOUNT, region: "us-east-1", stateBucketName: "state-bucket", keyAliases: ["alias/pulumi-state", "alias/pulumi-state-bucket"] };
/** IAM's glob (`*` is any run of characters, `?` one). */
const globMatches = (glob: string, value: string) =>
    new RegExp(
        `^${glob
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "s",
    ).test(value);

/**
 * The requests the provider makes to create, update and tag a backup job resource (their resources as AWS's service
 * authorization reference names them), from what the program registered. Undefined for a type this does not know.
 */
function deployRequestsOf(r: CapturedResource): [action: string, resource: string][] | undefined {
    const at = `${r.inputs.region}:${AWS_ACCOUNT}`;
    switch (r.type) {
        case "aws:lambda/function:Function": {
            const arn = `arn:aws:lambda:${at}:function:${r.inputs.name}`;
            return ["CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration", "PutFunctionConcurrency", "TagResource"].map((a) => [
                `lambda:${a}`,
                arn,
            ]);
        }
        case "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig":
            return [["lambda:PutFunctionEventInvokeConfig", `arn:aws:lambda:${at}:function:${r.inputs.functionName}`]];
        case "aws:cloudwatch/logGroup:LogGroup": {
            const arn = `arn:aws:logs:${at}:log-group:${r.inputs.name}`;
            return [
                ["logs:CreateLogGroup", `${arn}:log-stream:`],
                ["logs:PutRetentionPolicy", `${arn}:*`],
                ["logs:AssociateKmsKey", `${arn}:*`],
                ["logs:TagResource", arn],
            ];
        }
        case "aws:sqs/queue:Queue":
            return ["CreateQueue", "SetQueueAttributes", "TagQueue"].map((a) => [`sqs:${a}`, `arn:aws:sqs:${at}:${r.inputs.name}`]);
        case "aws:sns/topic:Topic":
            return ["CreateTopic", "SetTopicAttributes", "TagResource"].map((a) => [`sns:${a}`, `arn:aws:sns:${at}:${r.inputs.name}`]);
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            return ["PutMetricAlarm", "TagResource"].map((a) => [`cloudwatch:${a}`, `arn:aws:cloudwatch:${at}:alarm:${r.inputs.name}`]);
        case "aws:scheduler/schedule:Schedule":
            return ["CreateSchedule", "UpdateSchedule"].map((a) => [
                `scheduler:${a}`,
                `arn:aws:scheduler:${at}:schedule/${r.inputs.groupName ?? "default"}/${r.inputs.name}`,
            ]);
        default:
            return undefined;
    }
}

function bootstrapCi(preview: boolean): Promise<Capture> {
    return capture(
        () => {
            const awsProvider = new aws.Provider("state-us-east-1", { region: "us-east-1", allowedAccountIds: [AWS_ACCOUNT] });
            ciGuardrails({ awsProvider, ...STATE }, new pulumi.Config("residency-bootstrap"));
        },
        BOOTSTRAP_CONFIG,
        [],
        { preview },
    );
}

describe("bootstrap: the CI roles and their boundaries", () => {
    let c: Capture;
    beforeAll(async () => {
        c = await bootstrapCi(false);
    });
    const approvals = awsRegionApprovals(DEFAULT_SETTINGS);
    const stacks = ["us-prod", "us-staging"];

    it("gives each environment's deploy role the boundary rendered from that stack's approved locations", () => {
        for (const stack of stacks) {
            const boundary = c.one("aws:iam/policy:Policy", `boundary-${stack}`);
            expect(boundary.inputs).toMatchObject({ name: `residency-deploy-boundary-${stack}`, path: "/residency-ci/" });
            expect(policyDocument(boundary.inputs.policy)).toEqual(deployBoundary(approvals, deployBoundaryArn(AWS_ACCOUNT, stack)));
            const role = c.one("aws:iam/role:Role", `deploy-${stack}`);
            expect(role.inputs).toMatchObject({
                name: `residency-deploy-${stack}`,
                path: "/residency-ci/",
                permissionsBoundary: deployBoundaryArn(AWS_ACCOUNT, stack),
                maxSessionDuration: 3600,
            });
            expect(policyDocument(role.inputs.assumeRolePolicy)).toEqual(githubTrust(AWS_ACCOUNT, [`repo:example-org/us-data-residency:environment:${stack}`]));
        }
    });

    it("lets the deploy roles write the state, manage workload IAM, and take their cloud permissions from PowerUserAccess", () => {
        const access = { accountId: AWS_ACCOUNT, region: "us-east-1", stateBucket: "state-bucket", keyAliases: STATE.keyAliases };
        for (const stack of stacks) {
            expect(policyDocument(c.one("aws:iam/rolePolicy:RolePolicy", `deploy-${stack}-state`).inputs.policy)).toEqual(statePolicy(access, true));
            expect(policyDocument(c.one("aws:iam/rolePolicy:RolePolicy", `deploy-${stack}-iam`).inputs.policy)).toEqual(deployIamPolicy());
            expect(c.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `deploy-${stack}-cloud`).inputs).toEqual({
                role: `residency-deploy-${stack}`,
                policyArn: DEPLOY_MANAGED_POLICY_ARN,
            });
        }
        const readonly = c.one("aws:iam/role:Role", "readonly");
        expect(readonly.inputs.permissionsBoundary).toBeUndefined();
        expect(policyDocument(readonly.inputs.assumeRolePolicy)).toEqual(
            githubTrust(AWS_ACCOUNT, ["repo:example-org/us-data-residency:pull_request", "repo:example-org/us-data-residency:ref:refs/heads/main"]),
        );
        expect(policyDocument(c.one("aws:iam/rolePolicy:RolePolicy", "readonly-state").inputs.policy)).toEqual(statePolicy(access, false));
    });

    it("trusts GitHub's OIDC issuer for the STS audience, and puts every AWS resource under the state account's provider", () => {
        expect(c.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider").inputs).toEqual({
            url: "https://token.actions.githubusercontent.com",
            clientIdLists: ["sts.amazonaws.com"],
        });
        for (const r of c.resources.filter((x) => x.type.startsWith("aws:") && x.custom)) expect(c.providerOf(r)?.name).toBe("state-us-east-1");
    });

    it("writes the OCI deployer and previewer statements, scoped to each stack's compartment and the approved regions, from the home region", () => {
        const policy = c.one("oci:Identity/policy:Policy");
        const keys = ociUsRegionKeys(DEFAULT_SETTINGS).map((k) => k.key);
        expect(policy.inputs.compartmentId).toBe("ocid1.tenancy.oc1..placeholder-replace-me");
        expect(policy.inputs.statements).toEqual([
            ...deployerStatements({
                group: "residency-deployers-us-prod",
                compartmentId: "ocid1.compartment.oc1..placeholder-prod-replace-me",
                regionKeys: keys,
                homeRegionKey: "iad",
            }),
            ...deployerStatements({
                group: "residency-deployers-us-staging",
                compartmentId: "ocid1.compartment.oc1..placeholder-staging-replace-me",
                regionKeys: keys,
                homeRegionKey: "iad",
            }),
            ...previewerStatements(
                "residency-previewers",
                ["ocid1.compartment.oc1..placeholder-prod-replace-me", "ocid1.compartment.oc1..placeholder-staging-replace-me"],
                keys,
            ),
        ]);
        for (const s of policy.inputs.statements as string[]) expect(parseOciStatement(s)).toBeDefined();
        expect(
            c
                .ofType("oci:Identity/group:Group")
                .map((g) => g.inputs.name)
                .sort(),
        ).toEqual(["residency-deployers-us-prod", "residency-deployers-us-staging", "residency-previewers"]);
        expect(c.providerRegion(policy)).toBe("us-ashburn-1");
    });

    it("keeps every document literal at the first preview, so the pack reads all of it", async () => {
        const atPreview = await bootstrapCi(true);
        const documents = atPreview.resources.flatMap((r) => [r.inputs.policy, r.inputs.assumeRolePolicy, r.inputs.statements].filter((v) => v !== undefined));
        expect(documents.length).toBeGreaterThanOrEqual(10);
        for (const d of documents) expect(typeof d === "string" || (Array.isArray(d) && d.every((s) => typeof s === "string"))).toBe(true);
    });

    it("refuses an environment without its compartment, and a repository that is not owner/name", async () => {
        await expect(
            capture(() => ciGuardrails({ awsProvider: new aws.Provider("p", {}), ...STATE }, new pulumi.Config("residency-bootstrap")), {
                ...BOOTSTRAP_CONFIG,
                "residency-bootstrap:environments": JSON.stringify({ "us-prod": {} }),
            }),
        ).rejects.toThrow(/environments\.us-prod\.ociCompartmentOcid/);
        await expect(
            capture(() => ciGuardrails({ awsProvider: new aws.Provider("p", {}), ...STATE }, new pulumi.Config("residency-bootstrap")), {
                ...BOOTSTRAP_CONFIG,
                "residency-bootstrap:githubRepository": "not a repository",
            }),
        ).rejects.toThrow(/not owner\/name/);
    });
});

describe("the main program fits the boundary of the stack that deploys it", () => {
    let c: Capture;
    beforeAll(async () => {
        c = await capture(() => createStack(loadStackConfig()), yamlConfig(path.join(REPO, "stacks", "Pulumi.us-prod.yaml")));
    });
    const approvals = awsRegionApprovals(DEFAULT_SETTINGS);
    const boundary = deployBoundary(approvals, deployBoundaryArn(AWS_ACCOUNT, STACK));
    const usRegions = approvals.usRegions.map((r) => r.region);
    const deployRole = `arn:aws:iam::${AWS_ACCOUNT}:role/residency-ci/residency-deploy-${STACK}`;
    const allowed = (action: string, resource: string, region: string, context: Record<string, string> = {}, principal = deployRole) =>
        evaluate(boundary, {
            action,
            resource,
            context: { "aws:RequestedRegion": region, "aws:PrincipalArn": principal, "aws:CurrentTime": "2026-11-29T00:00:00Z", ...context },
        });

    it("creates every IAM role on the workload path under its stack's boundary, which lets the deploy role create it", () => {
        const roles = c.ofType("aws:iam/role:Role");
        expect(roles.length).toBeGreaterThan(0);
        for (const role of roles) {
            expect(role.inputs).toMatchObject({ path: "/residency/", permissionsBoundary: deployBoundaryArn(AWS_ACCOUNT, STACK) });
            const arn = `arn:aws:iam::${AWS_ACCOUNT}:role/residency/${role.name}`;
            expect(allowed("iam:CreateRole", arn, "us-east-1", { "iam:PermissionsBoundary": role.inputs.permissionsBoundary })).toEqual({ allowed: true });
        }
    });

    it("holds data outside the regions approved for US data only in the named non-US backup buckets (and the non-US job, below), which the boundary lets it create", () => {
        const outside = c.resources.filter(
            (r) => r.type.startsWith("aws:") && r.custom && r.inputs.region !== undefined && !usRegions.includes(r.inputs.region),
        );
        expect(outside.length).toBeGreaterThan(0);
        for (const r of outside) expect([r.name, r.type]).toEqual([r.name, expect.stringMatching(/^aws:(s3|kms|lambda|cloudwatch|sqs|sns|scheduler)\//)]);
        const buckets = outside.filter((r) => r.type === "aws:s3/bucket:Bucket");
        expect(buckets.map((b) => b.inputs.bucket).sort()).toEqual(["non-us-user-data-backup-prod-1a2b3c4d", "non-us-user-data-backup-prod-logs-1a2b3c4d"]);
        for (const b of buckets) {
            expect(NON_US_BACKUP_BUCKETS.some((p) => new RegExp(`^${p.replace(/\*/g, ".*")}$`).test(b.inputs.bucket))).toBe(true);
            expect(allowed("s3:CreateBucket", `arn:aws:s3:::${b.inputs.bucket}`, b.inputs.region, { "s3:LocationConstraint": b.inputs.region })).toEqual({
                allowed: true,
            });
            expect(allowed("s3:PutBucketPolicy", `arn:aws:s3:::${b.inputs.bucket}`, b.inputs.region)).toEqual({ allowed: true });
        }
        expect(allowed("kms:CreateKey", "*", "ap-southeast-1")).toEqual({ allowed: true });
        const writer = `arn:aws:iam::${AWS_ACCOUNT}:role/residency/non-us-user-data-backup-writer`;
        expect(allowed("s3:PutObject", `arn:aws:s3:::${buckets[0]!.inputs.bucket}/backup`, "ap-southeast-1", {}, writer)).toEqual({ allowed: true });
        expect(allowed("s3:PutObject", `arn:aws:s3:::${buckets[0]!.inputs.bucket}/backup`, "ap-southeast-1").allowed).toBe(false);
    });

    it("runs the non-US backup job outside the US regions only on resources named after NON_US_BACKUP_JOBS, which the boundary lets it create", () => {
        for (const env of ENVIRONMENTS) {
            expect([env, NON_US_BACKUP_JOBS.some((p) => globMatches(p, backupJobName(env, "non-us")))]).toEqual([env, true]);
            expect([env, NON_US_BACKUP_JOBS.some((p) => globMatches(p, backupJobName(env, "us")))]).toEqual([env, false]);
        }
        const job = backupJobName("prod", "non-us");
        const jobArns = backupJobArns(NON_US_BACKUP_JOBS);
        const parts = c.resources.filter(
            (r) =>
                r.type.startsWith("aws:") &&
                r.custom &&
                r.inputs.region !== undefined &&
                !usRegions.includes(r.inputs.region) &&
                !/^aws:(s3|kms)\//.test(r.type),
        );
        expect(parts.map((r) => r.type.split(":")[1]).sort()).toEqual([
            "cloudwatch/logGroup",
            "cloudwatch/metricAlarm",
            "cloudwatch/metricAlarm",
            "cloudwatch/metricAlarm",
            "lambda/function",
            "lambda/functionEventInvokeConfig",
            "scheduler/schedule",
            "sns/topic",
            "sqs/queue",
        ]);
        for (const r of parts) {
            expect([r.name, r.inputs.name ?? r.inputs.functionName]).toEqual([
                r.name,
                expect.stringMatching(new RegExp(`^(/aws/lambda/)?${job}(-dead-letters|-alarms|-[a-z-]+)?$`)),
            ]);
            const requests = deployRequestsOf(r);
            expect([r.name, requests]).toEqual([r.name, expect.any(Array)]);
            for (const [action, resource] of requests!) {
                expect([action, resource, jobArns.some((p) => globMatches(p, resource))]).toEqual([action, resource, true]);
                expect([action, resource, allowed(action, resource, r.inputs.region)]).toEqual([action, resource, { allowed: true }]);
                // The same request on a name that is not the job's is refused.
                const other = resource.replace(job, "us-data-residency-prod-exfil");
                expect([action, other, allowed(action, other, r.inputs.region).allowed]).toEqual([action, other, false]);
            }
        }

        // At run time: the function writes its log and dead letters, the schedule's role invokes it.
        const at = `ap-southeast-1:${AWS_ACCOUNT}`;
        const roleArn = (r: CapturedResource) => `arn:aws:iam::${AWS_ACCOUNT}:role${r.inputs.path}${r.inputs.name ?? r.name}`;
        const jobRole = roleArn(c.one("aws:iam/role:Role", "non-us-user-data-backup-job-role"));
        const schedulerRole = roleArn(c.one("aws:iam/role:Role", "non-us-user-data-backup-job-scheduler-role"));
        expect(allowed("logs:CreateLogStream", `arn:aws:logs:${at}:log-group:/aws/lambda/${job}:log-stream:x`, "ap-southeast-1", {}, jobRole)).toEqual({
            allowed: true,
        });
        expect(allowed("logs:PutLogEvents", `arn:aws:logs:${at}:log-group:/aws/lambda/${job}:log-stream:x`, "ap-southeast-1", {}, jobRole)).toEqual({
            allowed: true,
        });
        expect(allowed("sqs:SendMessage", `arn:aws:sqs:${at}:${job}-dead-letters`, "ap-southeast-1", {}, jobRole)).toEqual({ allowed: true });
        expect(allowed("lambda:InvokeFunction", `arn:aws:lambda:${at}:function:${job}`, "ap-southeast-1", {}, schedulerRole)).toEqual({ allowed: true });
        expect(allowed("sqs:SendMessage", `arn:aws:sqs:${at}:${job}-dead-letters`, "ap-southeast-1", {}, schedulerRole)).toEqual({ allowed: true });
        // The deploy role creates them, and writes nothing into them.
        expect(allowed("sqs:SendMessage", `arn:aws:sqs:${at}:${job}-dead-letters`, "ap-southeast-1")).toEqual({
            allowed: false,
            deniedBy: "NoBackupJobDataFromCiRoles",
        });
    });
});
