import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { awsRegionApprovals, GuardrailError, settingsFromPolicyConfig } from "../../infra/guardrails/approvals";
import { deployBoundary, githubTrust, minifiedLength, serviceControlPolicy, statePolicy } from "../../infra/guardrails/awsGuardrails";
import { deployBoundaryArn } from "../../infra/guardrails/names";
import { DEFAULT_SETTINGS, parseSettings } from "../../policies/model/settings";
import { evaluate, type Request } from "./iamEvaluator";

// The rendered documents, judged request by request: what a program holding the deploy role's credentials may do
// by calling AWS directly, where no policy of the pack sees it. Regions come from the pack's own settings.

const ACCOUNT = "111111111111";
const STACK = "us-prod";
const BOUNDARY_ARN = deployBoundaryArn(ACCOUNT, STACK);
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/residency-ci/residency-deploy-us-prod`;
const WRITER_ROLE = `arn:aws:iam::${ACCOUNT}:role/residency/non-us-user-data-backup-writer-1234567`;
/** The non-US backup job of us-prod (infra/stack.ts backupJobName), its role and its schedule's role. */
const JOB = "us-data-residency-prod-non-us-backup";
const JOB_ROLE = `arn:aws:iam::${ACCOUNT}:role/residency/${JOB}`;
const SCHEDULER_ROLE = `arn:aws:iam::${ACCOUNT}:role/residency/non-us-user-data-backup-job-scheduler-role-1234567`;
const NOW = "2026-11-29T12:00:00Z";
const REPO = path.resolve(__dirname, "..", "..");

const defaults = awsRegionApprovals(DEFAULT_SETTINGS);
const boundary = deployBoundary(defaults, BOUNDARY_ARN);
const scp = serviceControlPolicy(defaults);

function req(action: string, resource: string, region: string, context: Record<string, string | string[]> = {}, principal = DEPLOY_ROLE): Request {
    return { action, resource, context: { "aws:RequestedRegion": region, "aws:PrincipalArn": principal, "aws:CurrentTime": NOW, ...context } };
}
const bucket = (name: string) => `arn:aws:s3:::${name}`;
/** ARNs in Singapore (or `region`) of the job's kinds of resources. */
const sg = (service: string, rest: string, region = "ap-southeast-1") => `arn:aws:${service}:${region}:${ACCOUNT}:${rest}`;
const fn = (name: string, region?: string) => sg("lambda", `function:${name}`, region);
const logGroup = (name: string) => sg("logs", `log-group:${name}`);
const queue = (name: string, region?: string) => sg("sqs", name, region);
const topic = (name: string) => sg("sns", name);
const alarm = (name: string) => sg("cloudwatch", `alarm:${name}`);
const schedule = (name: string, group = "default") => sg("scheduler", `schedule/${group}/${name}`);

describe("the deploy role's permissions boundary, from the pack's default approved locations", () => {
    it("derives us-east-1 for US data and ap-southeast-1 for the non-US backups from the pack's settings", () => {
        expect(defaults).toEqual({ usRegions: [{ region: "us-east-1" }], backupRegions: [{ region: "ap-southeast-1" }] });
    });

    // [what, request, allowed?, the statement that denies it]
    const table: [string, Request, boolean, string?][] = [
        ["a US backup bucket in Virginia", req("s3:CreateBucket", bucket("us-user-data-backup-prod-1a2b3c4d"), "us-east-1"), true],
        ["a DynamoDB table in Virginia", req("dynamodb:CreateTable", `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t`, "us-east-1"), true],
        ["a Lambda function in Virginia", req("lambda:CreateFunction", fn("anything", "us-east-1"), "us-east-1"), true],
        ["a checkpoint written to the state bucket", req("s3:PutObject", `${bucket("state")}/.pulumi/stacks/x.json`, "us-east-1"), true],
        [
            "the Singapore backup bucket",
            req("s3:CreateBucket", bucket("non-us-user-data-backup-prod-1a2b3c4d"), "ap-southeast-1", { "s3:LocationConstraint": "ap-southeast-1" }),
            true,
        ],
        ["its bucket policy", req("s3:PutBucketPolicy", bucket("non-us-user-data-backup-prod-1a2b3c4d"), "ap-southeast-1"), true],
        ["its KMS key", req("kms:CreateKey", "*", "ap-southeast-1"), true],
        ["the Singapore provider asking STS who it is", req("sts:GetCallerIdentity", "*", "ap-southeast-1"), true],
        [
            "any other bucket in Singapore",
            req("s3:CreateBucket", bucket("exfil"), "ap-southeast-1", { "s3:LocationConstraint": "ap-southeast-1" }),
            false,
            "DenyS3InBackupRegionsButBackupBuckets",
        ],
        [
            "a Singapore bucket through the Virginia endpoint's location constraint",
            req("s3:CreateBucket", bucket("exfil"), "us-east-1", { "s3:LocationConstraint": "ap-southeast-1" }),
            false,
            "DenyBucketsConstrainedElsewhere",
        ],
        [
            "a backup-named bucket constrained to Frankfurt",
            req("s3:CreateBucket", bucket("non-us-user-data-backup-x"), "us-east-1", { "s3:LocationConstraint": "eu-central-1" }),
            false,
            "DenyBackupBucketsConstrainedElsewhere",
        ],
        ["a bucket in Frankfurt", req("s3:CreateBucket", bucket("exfil"), "eu-central-1"), false, "DenyOutsideApprovedRegions"],
        [
            "an object written to someone's bucket in Singapore",
            req("s3:PutObject", `${bucket("someone")}/dump`, "ap-southeast-1"),
            false,
            "DenyS3InBackupRegionsButBackupBuckets",
        ],
        [
            "an object written by the deploy role into the non-US backup",
            req("s3:PutObject", `${bucket("non-us-user-data-backup-prod-1a2b3c4d")}/dump`, "ap-southeast-1"),
            false,
            "NoBackupObjectsFromCiRoles",
        ],
        [
            "an object written by the backup writer into the non-US backup",
            req("s3:PutObject", `${bucket("non-us-user-data-backup-prod-1a2b3c4d")}/backup`, "ap-southeast-1", {}, WRITER_ROLE),
            true,
        ],
        [
            "a DynamoDB table in Singapore",
            req("dynamodb:CreateTable", `arn:aws:dynamodb:ap-southeast-1:${ACCOUNT}:table/t`, "ap-southeast-1"),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        ["an EBS volume in Singapore", req("ec2:CreateVolume", "*", "ap-southeast-1"), false, "DenyInBackupRegionsAllButBackupStorage"],

        // The non-US backup job in Singapore: what the deploy creates, updates and tags, on the job's names only.
        ["the non-US job's function in Singapore", req("lambda:CreateFunction", fn(JOB), "ap-southeast-1"), true],
        ["its code updated", req("lambda:UpdateFunctionCode", fn(JOB), "ap-southeast-1"), true],
        ["its reserved concurrency", req("lambda:PutFunctionConcurrency", fn(JOB), "ap-southeast-1"), true],
        ["its tags", req("lambda:TagResource", fn(JOB), "ap-southeast-1"), true],
        ["its event invoke config", req("lambda:PutFunctionEventInvokeConfig", fn(JOB), "ap-southeast-1"), true],
        ["its log group", req("logs:CreateLogGroup", `${logGroup(`/aws/lambda/${JOB}`)}:log-stream:`, "ap-southeast-1"), true],
        ["its log group's retention", req("logs:PutRetentionPolicy", `${logGroup(`/aws/lambda/${JOB}`)}:*`, "ap-southeast-1"), true],
        ["its log group's key", req("logs:AssociateKmsKey", `${logGroup(`/aws/lambda/${JOB}`)}:*`, "ap-southeast-1"), true],
        ["its log group's tags", req("logs:TagResource", logGroup(`/aws/lambda/${JOB}`), "ap-southeast-1"), true],
        ["its dead-letter queue", req("sqs:CreateQueue", queue(`${JOB}-dead-letters`), "ap-southeast-1"), true],
        ["its dead-letter queue's attributes", req("sqs:SetQueueAttributes", queue(`${JOB}-dead-letters`), "ap-southeast-1"), true],
        ["its alarm topic", req("sns:CreateTopic", topic(`${JOB}-alarms`), "ap-southeast-1"), true],
        ["its alarm topic's attributes", req("sns:SetTopicAttributes", topic(`${JOB}-alarms`), "ap-southeast-1"), true],
        ["its alarms", req("cloudwatch:PutMetricAlarm", alarm(`${JOB}-backup-age`), "ap-southeast-1"), true],
        ["its alarms' tags", req("cloudwatch:TagResource", alarm(`${JOB}-failed-runs`), "ap-southeast-1"), true],
        ["its schedule", req("scheduler:CreateSchedule", schedule(JOB), "ap-southeast-1"), true],
        ["its schedule updated", req("scheduler:UpdateSchedule", schedule(JOB), "ap-southeast-1"), true],
        // Reads anywhere, for the provider's refreshes and lookups.
        ["log groups described", req("logs:DescribeLogGroups", sg("logs", "log-group::log-stream:"), "ap-southeast-1"), true],
        ["functions listed", req("lambda:ListFunctions", "*", "ap-southeast-1"), true],
        ["someone's queue read", req("sqs:GetQueueAttributes", queue("someone"), "ap-southeast-1"), true],
        ["alarms described", req("cloudwatch:DescribeAlarms", "*", "ap-southeast-1"), true],
        ["schedules listed", req("scheduler:ListSchedules", "*", "ap-southeast-1"), true],
        // What the job's roles write at run time.
        [
            "the job writing its log",
            req("logs:PutLogEvents", `${logGroup(`/aws/lambda/${JOB}`)}:log-stream:2026/11/29/x`, "ap-southeast-1", {}, JOB_ROLE),
            true,
        ],
        ["the job dead-lettering a run", req("sqs:SendMessage", queue(`${JOB}-dead-letters`), "ap-southeast-1", {}, JOB_ROLE), true],
        ["the schedule invoking the job", req("lambda:InvokeFunction", fn(JOB), "ap-southeast-1", {}, SCHEDULER_ROLE), true],

        // The same actions on other names in Singapore.
        ["another function in Singapore", req("lambda:CreateFunction", fn("exfil"), "ap-southeast-1"), false, "DenyInBackupRegionsAllButBackupStorage"],
        [
            "the US job's function in Singapore",
            req("lambda:CreateFunction", fn("us-data-residency-prod-us-backup"), "ap-southeast-1"),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        ["another function's code", req("lambda:UpdateFunctionCode", fn("someone"), "ap-southeast-1"), false, "DenyInBackupRegionsAllButBackupStorage"],
        [
            "another function's event invoke config",
            req("lambda:PutFunctionEventInvokeConfig", fn("someone"), "ap-southeast-1"),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        [
            "another log group",
            req("logs:CreateLogGroup", `${logGroup("/aws/lambda/exfil")}:log-stream:`, "ap-southeast-1"),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        [
            "a log group named the job's and more",
            req("logs:CreateLogGroup", `${logGroup(`/aws/lambda/${JOB}-copy`)}:log-stream:`, "ap-southeast-1"),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        [
            "log lines written to another log group",
            req("logs:PutLogEvents", `${logGroup("/aws/lambda/someone")}:log-stream:x`, "ap-southeast-1", {}, JOB_ROLE),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        ["another queue", req("sqs:CreateQueue", queue("exfil"), "ap-southeast-1"), false, "DenyInBackupRegionsAllButBackupStorage"],
        [
            "a message sent to someone's queue",
            req("sqs:SendMessage", queue("someone"), "ap-southeast-1", {}, JOB_ROLE),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        ["another topic", req("sns:CreateTopic", topic("exfil"), "ap-southeast-1"), false, "DenyInBackupRegionsAllButBackupStorage"],
        ["a notification to someone's topic", req("sns:Publish", topic("someone"), "ap-southeast-1"), false, "DenyInBackupRegionsAllButBackupStorage"],
        ["another alarm", req("cloudwatch:PutMetricAlarm", alarm("exfil"), "ap-southeast-1"), false, "DenyInBackupRegionsAllButBackupStorage"],
        ["another schedule", req("scheduler:CreateSchedule", schedule("exfil"), "ap-southeast-1"), false, "DenyInBackupRegionsAllButBackupStorage"],
        [
            "the job's schedule in another group",
            req("scheduler:CreateSchedule", schedule(JOB, "other"), "ap-southeast-1"),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        [
            "a schedule group",
            req("scheduler:CreateScheduleGroup", sg("scheduler", "schedule-group/g"), "ap-southeast-1"),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        // Writes that name no resource (`*` only): none of them the job's.
        ["metric data put in Singapore", req("cloudwatch:PutMetricData", "*", "ap-southeast-1"), false, "DenyInBackupRegionsAllButBackupStorage"],
        [
            "an event source mapping in Singapore",
            req("lambda:CreateEventSourceMapping", "*", "ap-southeast-1"),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        [
            "a Lambda layer in Singapore",
            req("lambda:PublishLayerVersion", sg("lambda", "layer:exfil"), "ap-southeast-1"),
            false,
            "DenyInBackupRegionsAllButBackupStorage",
        ],
        // The CI roles write no data into the job's resources, as they write no objects into its bucket.
        [
            "a message sent by the deploy role to the job's queue",
            req("sqs:SendMessage", queue(`${JOB}-dead-letters`), "ap-southeast-1"),
            false,
            "NoBackupJobDataFromCiRoles",
        ],
        ["the job invoked by the deploy role", req("lambda:InvokeFunction", fn(JOB), "ap-southeast-1"), false, "NoBackupJobDataFromCiRoles"],
        ["a notification from the deploy role", req("sns:Publish", topic(`${JOB}-alarms`), "ap-southeast-1"), false, "NoBackupJobDataFromCiRoles"],
        [
            "log lines from the deploy role",
            req("logs:PutLogEvents", `${logGroup(`/aws/lambda/${JOB}`)}:log-stream:x`, "ap-southeast-1"),
            false,
            "NoBackupJobDataFromCiRoles",
        ],
        // Nothing of the job's in a region that is not approved.
        ["the job's function in Frankfurt", req("lambda:CreateFunction", fn(JOB, "eu-central-1"), "eu-central-1"), false, "DenyOutsideApprovedRegions"],
        [
            "the job's queue in Frankfurt",
            req("sqs:CreateQueue", queue(`${JOB}-dead-letters`, "eu-central-1"), "eu-central-1"),
            false,
            "DenyOutsideApprovedRegions",
        ],
        ["functions listed in Frankfurt", req("lambda:ListFunctions", "*", "eu-central-1"), false, "DenyOutsideApprovedRegions"],
        ["a database in Frankfurt", req("rds:CreateDBInstance", "*", "eu-central-1"), false, "DenyOutsideApprovedRegions"],
        ["a snapshot copied to Tokyo", req("ec2:CopySnapshot", "*", "ap-northeast-1"), false, "DenyOutsideApprovedRegions"],
        ["a DynamoDB replica, configured from Virginia", req("dynamodb:CreateTableReplica", "*", "us-east-1"), false, "DenyCrossRegionCopyConfigs"],
        [
            "S3 replication, configured from Virginia",
            req("s3:PutReplicationConfiguration", bucket("us-user-data-backup-prod-1a2b3c4d"), "us-east-1"),
            false,
            "DenyCrossRegionCopyConfigs",
        ],
        [
            "EFS replication, configured from Virginia",
            req("elasticfilesystem:CreateReplicationConfiguration", "*", "us-east-1"),
            false,
            "DenyCrossRegionCopyConfigs",
        ],
        [
            "a secret with a replica region",
            req("secretsmanager:CreateSecret", "*", "us-east-1", { "secretsmanager:AddReplicaRegions": ["ap-southeast-1"] }),
            false,
            "DenySecretReplicas",
        ],
        ["a secret without replicas", req("secretsmanager:CreateSecret", "*", "us-east-1"), true],
        [
            "an AWS Backup copy to Singapore",
            req("backup:StartCopyJob", "*", "us-east-1", { "backup:CopyTargets": [`arn:aws:backup:ap-southeast-1:${ACCOUNT}:backup-vault:v`] }),
            false,
            "DenyBackupCopiesElsewhere",
        ],
        [
            "an AWS Backup copy within Virginia",
            req("backup:StartCopyJob", "*", "us-east-1", { "backup:CopyTargets": [`arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v`] }),
            true,
        ],
        [
            "a workload role with the boundary",
            req("iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/residency/writer`, "us-east-1", { "iam:PermissionsBoundary": BOUNDARY_ARN }),
            true,
        ],
        [
            "a role without the boundary",
            req("iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/residency/escape`, "us-east-1"),
            false,
            "RolesOnlyWithThisBoundary",
        ],
        [
            "a role with the boundary off the workload path",
            req("iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/escape`, "us-east-1", { "iam:PermissionsBoundary": BOUNDARY_ARN }),
            false,
            "RolesOnlyOnTheWorkloadPath",
        ],
        [
            "administrator rights attached to the read-only role",
            req("iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/residency-ci/residency-readonly`, "us-east-1"),
            false,
            "RolesOnlyOnTheWorkloadPath",
        ],
        [
            "a trust added to an administrator role",
            req("iam:UpdateAssumeRolePolicy", `arn:aws:iam::${ACCOUNT}:role/admin`, "us-east-1"),
            false,
            "RolesOnlyOnTheWorkloadPath",
        ],
        ["assuming an administrator role", req("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/admin`, "us-east-1"), false, "RolesOnlyOnTheWorkloadPath"],
        [
            "passing an administrator role to a service",
            req("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/admin`, "us-east-1"),
            false,
            "RolesOnlyOnTheWorkloadPath",
        ],
        [
            "removing a workload role's boundary",
            req("iam:DeleteRolePermissionsBoundary", `arn:aws:iam::${ACCOUNT}:role/residency/writer`, "us-east-1"),
            false,
            "BoundariesStay",
        ],
        ["editing the boundary itself", req("iam:CreatePolicyVersion", BOUNDARY_ARN, "us-east-1"), false, "ManagedPoliciesOnlyOnTheWorkloadPath"],
        ["a user with access keys", req("iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/u`, "us-east-1"), false, "NoNewPrincipals"],
        ["a new OIDC identity provider", req("iam:CreateOpenIDConnectProvider", "*", "us-east-1"), false, "NoNewPrincipals"],
    ];

    it.each(table.map(([what, request, allowed, deniedBy]) => [what, allowed ? "allowed" : `denied by ${deniedBy}`, request, allowed, deniedBy] as const))(
        "%s: %s",
        (_what, _verdict, request, allowed, deniedBy) => {
            const decision = evaluate(boundary, request);
            expect(decision.allowed).toBe(allowed);
            if (!allowed) expect(decision).toEqual({ allowed: false, deniedBy });
        },
    );

    it("fits IAM's 6,144 characters for a managed policy", () => {
        expect(minifiedLength(boundary)).toBeLessThanOrEqual(6144);
    });
});

describe("the service control policy, from the same statements", () => {
    it("denies what the boundary's region guardrails deny, for every principal, and nothing it allows", () => {
        const regional = [
            req("s3:CreateBucket", bucket("exfil"), "ap-southeast-1"),
            req("s3:CreateBucket", bucket("exfil"), "us-east-1", { "s3:LocationConstraint": "ap-southeast-1" }),
            req("dynamodb:CreateTable", "*", "ap-southeast-1"),
            req("lambda:CreateFunction", fn("exfil"), "ap-southeast-1"),
            req("sqs:SendMessage", queue("someone"), "ap-southeast-1"),
            req("lambda:CreateFunction", fn(JOB, "eu-central-1"), "eu-central-1"),
            req("rds:CreateDBInstance", "*", "eu-central-1"),
            req("dynamodb:CreateTableReplica", "*", "us-east-1"),
        ];
        for (const r of regional) {
            expect(evaluate(scp, { ...r, context: { ...r.context, "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/anyone` } }, { scp: true }).allowed).toBe(
                false,
            );
        }
        for (const r of [
            req("s3:CreateBucket", bucket("non-us-user-data-backup-prod-1"), "ap-southeast-1", { "s3:LocationConstraint": "ap-southeast-1" }),
            req("s3:PutObject", `${bucket("non-us-user-data-backup-prod-1")}/backup`, "ap-southeast-1", {}, WRITER_ROLE),
            req("lambda:CreateFunction", fn(JOB), "ap-southeast-1"),
            req("scheduler:CreateSchedule", schedule(JOB), "ap-southeast-1"),
            req("sqs:SendMessage", queue(`${JOB}-dead-letters`), "ap-southeast-1", {}, JOB_ROLE),
            req("iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/anything`, "us-east-1"),
        ]) {
            expect(evaluate(scp, r, { scp: true })).toEqual({ allowed: true });
        }
        expect(scp.Statement.every((s) => s.Effect === "Deny" && !s.Principal)).toBe(true);
        expect(boundary.Statement).toEqual(expect.arrayContaining(scp.Statement));
    });

    it("fits Organizations' 5,120 characters", () => {
        expect(minifiedLength(scp)).toBeLessThanOrEqual(5120);
    });
});

describe("derived from the settings, fail closed", () => {
    const example = JSON.parse(fs.readFileSync(path.join(REPO, "policies", "config.example.json"), "utf8"))["residency-config-valid"];
    const withSunset = awsRegionApprovals(parseSettings(example, []).settings);
    const sunsetBoundary = deployBoundary(withSunset, BOUNDARY_ARN);
    const singaporeBucket = (at: string) =>
        req("s3:CreateBucket", bucket("non-us-user-data-backup-prod-1"), "ap-southeast-1", {
            "s3:LocationConstraint": "ap-southeast-1",
            "aws:CurrentTime": at,
        });

    it("lets the Singapore backups be written through the last day of a transitional approval, and not a second after", () => {
        expect(withSunset.backupRegions).toEqual([{ region: "ap-southeast-1", until: "2027-12-31" }]);
        expect(evaluate(sunsetBoundary, singaporeBucket("2027-12-31T23:00:00Z")).allowed).toBe(true);
        expect(minifiedLength(sunsetBoundary)).toBeLessThanOrEqual(6144);
        expect(evaluate(sunsetBoundary, singaporeBucket("2028-01-01T00:00:00Z"))).toEqual({ allowed: false, deniedBy: "DenyAfterSunsetApSoutheast1" });
        expect(evaluate(sunsetBoundary, req("s3:CreateBucket", bucket("x"), "us-east-1", { "aws:CurrentTime": "2030-01-01T00:00:00Z" })).allowed).toBe(true);
    });

    it("follows a stack's policy config: a region approved for US data there is open, one no longer approved is closed", () => {
        const approvals = awsRegionApprovals(
            parseSettings({ approvedLocations: { "us-user-data": ["aws:us-east-1", "aws:us-west-2"], "non-us-user-data": ["aws:us-east-1"] } }, []).settings,
        );
        const doc = deployBoundary(approvals, BOUNDARY_ARN);
        expect(evaluate(doc, req("dynamodb:CreateTable", "*", "us-west-2")).allowed).toBe(true);
        expect(evaluate(doc, req("s3:CreateBucket", bucket("non-us-user-data-backup-prod-1"), "ap-southeast-1"))).toEqual({
            allowed: false,
            deniedBy: "DenyOutsideApprovedRegions",
        });
    });

    it("refuses settings that approve everywhere for US data, or no AWS region at all", () => {
        expect(() => awsRegionApprovals(parseSettings({ approvedLocations: { "us-user-data": ["*"] } }, []).settings)).toThrow(GuardrailError);
        expect(() => awsRegionApprovals(parseSettings({ approvedLocations: { "us-user-data": ["oci:us-ashburn-1"] } }, []).settings)).toThrow(
            /no AWS region is approved/,
        );
    });

    it("reads a stack's policy config as the pack does: the shipped ones are the defaults; a bad location is an error", () => {
        for (const stack of ["us-prod", "us-staging"]) {
            expect(settingsFromPolicyConfig(path.join(REPO, "stacks", `policy-config.${stack}.json`)).approvedLocations).toEqual(
                DEFAULT_SETTINGS.approvedLocations,
            );
        }
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
        const bad = path.join(dir, "bad.json");
        fs.writeFileSync(bad, JSON.stringify({ "residency-config-valid": { approvedLocations: { "us-user-data": ["aws:mars-1"] } } }));
        expect(() => settingsFromPolicyConfig(bad)).toThrow(/approvedLocations.*mars-1/);
        fs.rmSync(dir, { recursive: true });
    });
});

describe("the CI roles' own documents", () => {
    it("trust only this repository's GitHub tokens with the named subject", () => {
        const trust = githubTrust(ACCOUNT, ["repo:o/r:environment:us-prod"]);
        const assume = (sub?: string) =>
            evaluate(
                { Version: "2012-10-17", Statement: trust.Statement.map(({ Principal: _p, ...s }) => ({ ...s, Resource: "*" })) },
                {
                    action: "sts:AssumeRoleWithWebIdentity",
                    resource: "*",
                    context: {
                        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                        ...(sub ? { "token.actions.githubusercontent.com:sub": sub } : {}),
                    },
                },
            ).allowed;
        expect(trust.Statement[0]!.Principal).toEqual({ Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` });
        expect(assume("repo:o/r:environment:us-prod")).toBe(true);
        expect(assume("repo:o/r:environment:us-staging")).toBe(false);
        expect(assume("repo:o/r:pull_request")).toBe(false);
        expect(assume("repo:evil/r:environment:us-prod")).toBe(false);
        expect(assume(undefined)).toBe(false);
    });

    it("let the read-only role read the state and decrypt with its keys, and write nothing", () => {
        const doc = statePolicy({ accountId: ACCOUNT, region: "us-east-1", stateBucket: "state", keyAliases: ["alias/pulumi-state"] }, false);
        const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`;
        expect(evaluate(doc, { action: "s3:GetObject", resource: `${bucket("state")}/x`, context: {} }).allowed).toBe(true);
        expect(evaluate(doc, { action: "s3:PutObject", resource: `${bucket("state")}/x`, context: {} }).allowed).toBe(false);
        expect(evaluate(doc, { action: "s3:GetObject", resource: `${bucket("us-user-data-backup-prod-1")}/x`, context: {} }).allowed).toBe(false);
        expect(evaluate(doc, { action: "kms:Decrypt", resource: key, context: { "kms:ResourceAliases": ["alias/pulumi-state"] } }).allowed).toBe(true);
        expect(evaluate(doc, { action: "kms:Decrypt", resource: key, context: { "kms:ResourceAliases": ["alias/backup"] } }).allowed).toBe(false);
    });
});
