/**
 * AWS guardrails for what no policy sees: a program running under the CLI with the deploy role's credentials can
 * call AWS directly (aws-sdk is installed) and create or fill a store the pack never hears of. These documents make
 * AWS refuse it, whoever calls:
 *
 * - the permissions boundary of each deploy role (and of every role a deploy creates): the region guardrails below,
 *   plus the rules that keep the boundary from being escaped (roles only with the boundary, on the workload path);
 * - the service control policy for the organization (docs/ORG-ENFORCEMENT.md): the same region guardrails, for every
 *   principal of the accounts it is attached to.
 *
 * Regions come from the residency pack's settings (approvals.ts); the exceptions in a backup region, the named non-US
 * backup buckets and the non-US backup job, from names.ts. Pure: no Pulumi resources, so the bootstrap stack, the doc
 * renderer and the tests share every byte.
 */
import type { AwsRegionApprovals, RegionApproval } from "./approvals";
import { CI_PATH, GITHUB_OIDC_HOST, NON_US_BACKUP_BUCKETS, NON_US_BACKUP_JOBS, WORKLOAD_PATH } from "./names";

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal?: Record<string, string>;
    Action?: string | string[];
    NotAction?: string[];
    Resource?: string | string[];
    NotResource?: string[];
    Condition?: ConditionBlock;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

const doc = (Statement: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement });

/**
 * Services whose requests carry the region of a single global endpoint (IAM, Organizations, Route 53, CloudFront...),
 * or that hold no data: never denied by region. STS is among them for its regional endpoints: the AWS provider of a
 * backup region asks STS who it is before anything else.
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
    "iam:*",
    "sts:*",
    "organizations:*",
    "account:*",
    "route53:*",
    "route53domains:*",
    "cloudfront:*",
    "globalaccelerator:*",
    "waf:*",
    "shield:*",
    "support:*",
    "health:*",
    "budgets:*",
    "ce:*",
];

/** What the named non-US backup resources need in a backup region: their buckets and their keys. */
export const BACKUP_REGION_SERVICES: readonly string[] = ["s3:*", "kms:*"];

/**
 * The services of the non-US backup job (names.ts NON_US_BACKUP_JOBS, infra/components/backupJob.ts) in a backup
 * region: lambda (its function and event invoke config), logs, sqs (its dead-letter queue), sns (its alarm topic),
 * cloudwatch (its alarms), scheduler (its schedule). Not denied outright there: their reads are allowed on any
 * resource, since the provider's refreshes and lookups name none of the job's resources (logs:DescribeLogGroups by
 * prefix, sqs:ListQueues and lambda:ListFunctions on `*`), and a read neither creates a store nor moves data into the
 * region. Everything else of these services (create, put, update, tag, delete, invoke, send, publish, subscribe, and
 * any action AWS adds later) is allowed there only on the job's resources ({@link backupJobArns}): the open list is
 * the reads, so what it does not name fails closed, the writes that take only `*` too (cloudwatch:PutMetricData,
 * lambda:CreateEventSourceMapping, sns:CreatePlatformApplication...).
 */
export const BACKUP_JOB_READ_ACTIONS: readonly string[] = [
    "lambda:Get*",
    "lambda:List*",
    "logs:Describe*",
    "logs:Get*",
    "logs:List*",
    "sqs:Get*",
    "sqs:List*",
    "sns:Get*",
    "sns:List*",
    "cloudwatch:Describe*",
    "cloudwatch:Get*",
    "cloudwatch:List*",
    "scheduler:Get*",
    "scheduler:List*",
];

/**
 * Data written into the non-US backup job's resources: a payload invoked into the function (an asynchronous one lands
 * in the dead-letter queue when it fails), a message, a notification, a log line. In a backup region these are allowed
 * only on the job's resources (above), which the job's roles write; the CI roles never do (as they never write backup
 * objects).
 */
export const BACKUP_JOB_DATA_ACTIONS: readonly string[] = [
    "lambda:InvokeFunction",
    "lambda:InvokeAsync",
    "sqs:SendMessage",
    "sns:Publish",
    "logs:PutLogEvents",
];

/**
 * Operations that copy data to another region from a call made in the source region (an approved one), so the
 * region of the request says nothing about where the copy lands. Denied outright: this stack uses none of them; a
 * reviewed change can lift one with a condition on its destination.
 */
export const CROSS_REGION_COPY_ACTIONS: readonly string[] = [
    "s3:PutReplicationConfiguration",
    "dynamodb:CreateTableReplica",
    "dynamodb:CreateGlobalTable",
    "dynamodb:UpdateGlobalTable",
    "secretsmanager:ReplicateSecretToRegions",
    "ecr:PutReplicationConfiguration",
    "elasticfilesystem:CreateReplicationConfiguration",
    "redshift:EnableSnapshotCopy",
];

const regionNames = (rs: readonly RegionApproval[]) => rs.map((r) => r.region);
/** An approval holds through its `until` day (settings.ts approvalFor), UTC. */
const endOfDay = (isoDate: string) => `${isoDate}T23:59:59Z`;
const sidPart = (region: string) =>
    region
        .split("-")
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join("");

export function bucketArns(patterns: readonly string[] = NON_US_BACKUP_BUCKETS): { buckets: string[]; objects: string[] } {
    return { buckets: patterns.map((p) => `arn:aws:s3:::${p}`), objects: patterns.map((p) => `arn:aws:s3:::${p}/*`) };
}

/**
 * The non-US backup job's resources, one ARN pattern per form, as the requests of the deploy (the provider's creates,
 * updates, tags and deletes) and of the job's roles at run time name them. Unqualified function only: the job
 * publishes no version or alias.
 */
export function backupJobArns(patterns: readonly string[] = NON_US_BACKUP_JOBS): string[] {
    return patterns.flatMap((job) => [
        // The function: CreateFunction, UpdateFunctionCode/Configuration, PutFunctionConcurrency, TagResource,
        // PutFunctionEventInvokeConfig (its retries and failure destination); InvokeFunction by the schedule's role.
        `arn:aws:lambda:*:*:function:${job}`,
        // The log group, as TagResource names it...
        `arn:aws:logs:*:*:log-group:/aws/lambda/${job}`,
        // ...and as CreateLogGroup, PutRetentionPolicy and AssociateKmsKey name it (`<group>:*`), and its streams, where
        // the function writes (CreateLogStream, PutLogEvents on `<group>:log-stream:<stream>`).
        `arn:aws:logs:*:*:log-group:/aws/lambda/${job}:*`,
        // The dead-letter queue: CreateQueue, SetQueueAttributes, TagQueue; SendMessage by the function and the schedule.
        `arn:aws:sqs:*:*:${job}-dead-letters`,
        // The alarm topic: CreateTopic, SetTopicAttributes, TagResource.
        `arn:aws:sns:*:*:${job}-alarms`,
        // The alarms, `<job>-<what>`: PutMetricAlarm, TagResource.
        `arn:aws:cloudwatch:*:*:alarm:${job}-*`,
        // The schedule, in the default group: CreateSchedule, UpdateSchedule.
        `arn:aws:scheduler:*:*:schedule/default/${job}`,
    ]);
}

/**
 * The region guardrails, shared by the boundary and the SCP: nothing at all outside the approved regions (but global
 * services); in a region approved only for non-US data, only the named backup buckets and keys, and the non-US backup
 * job (its services read anything, write only the job's resources); no bucket placed in another region through a
 * location constraint; no copy configured from an approved region to another; nothing in a transitional region after
 * its sunset.
 */
export function regionGuardrailStatements(
    approvals: AwsRegionApprovals,
    nonUsBuckets: readonly string[] = NON_US_BACKUP_BUCKETS,
    nonUsJobs: readonly string[] = NON_US_BACKUP_JOBS,
): Statement[] {
    const us = regionNames(approvals.usRegions);
    const backup = regionNames(approvals.backupRegions);
    const arns = bucketArns(nonUsBuckets);
    const statements: Statement[] = [
        {
            Sid: "DenyOutsideApprovedRegions",
            Effect: "Deny",
            NotAction: [...GLOBAL_SERVICE_ACTIONS],
            Resource: "*",
            Condition: { StringNotEquals: { "aws:RequestedRegion": [...us, ...backup] } },
        },
    ];
    for (const r of [...approvals.usRegions, ...approvals.backupRegions].filter((x) => x.until)) {
        statements.push({
            Sid: `DenyAfterSunset${sidPart(r.region)}`,
            Effect: "Deny",
            NotAction: [...GLOBAL_SERVICE_ACTIONS],
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": r.region }, DateGreaterThan: { "aws:CurrentTime": endOfDay(r.until!) } },
        });
    }
    if (backup.length > 0) {
        statements.push(
            {
                // Backup storage: S3 and KMS (S3 bounded to the named buckets below), and the non-US backup job: its
                // services' reads anywhere, anything on its own resources (an ARN names its service, so no other
                // service's request is on one of them).
                Sid: "DenyInBackupRegionsAllButBackupStorage",
                Effect: "Deny",
                NotAction: [...GLOBAL_SERVICE_ACTIONS, ...BACKUP_REGION_SERVICES, ...BACKUP_JOB_READ_ACTIONS],
                NotResource: backupJobArns(nonUsJobs),
                Condition: { StringEquals: { "aws:RequestedRegion": backup } },
            },
            {
                Sid: "DenyS3InBackupRegionsButBackupBuckets",
                Effect: "Deny",
                Action: "s3:*",
                NotResource: [...arns.buckets, ...arns.objects],
                Condition: { StringEquals: { "aws:RequestedRegion": backup } },
            },
        );
    }
    // CreateBucket sent to one region's endpoint can name another in its location constraint (absent: the endpoint's).
    statements.push({
        Sid: "DenyBucketsConstrainedElsewhere",
        Effect: "Deny",
        Action: "s3:CreateBucket",
        NotResource: arns.buckets,
        Condition: { Null: { "s3:LocationConstraint": "false" }, StringNotEquals: { "s3:LocationConstraint": us } },
    });
    if (backup.length > 0) {
        statements.push({
            Sid: "DenyBackupBucketsConstrainedElsewhere",
            Effect: "Deny",
            Action: "s3:CreateBucket",
            Resource: arns.buckets,
            Condition: { Null: { "s3:LocationConstraint": "false" }, StringNotEquals: { "s3:LocationConstraint": [...us, ...backup] } },
        });
    }
    statements.push(
        { Sid: "DenyCrossRegionCopyConfigs", Effect: "Deny", Action: [...CROSS_REGION_COPY_ACTIONS], Resource: "*" },
        {
            Sid: "DenySecretReplicas",
            Effect: "Deny",
            Action: "secretsmanager:CreateSecret",
            Resource: "*",
            Condition: { Null: { "secretsmanager:AddReplicaRegions": "false" } },
        },
        {
            Sid: "DenyBackupCopiesElsewhere",
            Effect: "Deny",
            Action: ["backup:StartCopyJob", "backup:CreateBackupPlan", "backup:UpdateBackupPlan"],
            Resource: "*",
            Condition: { "ForAnyValue:StringNotLike": { "backup:CopyTargets": us.map((r) => `arn:aws:backup:${r}:*`) } },
        },
    );
    return statements;
}

const ROLE_WRITE_ACTIONS = [
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:PassRole",
    "sts:AssumeRole",
];
const MANAGED_POLICY_WRITE_ACTIONS = [
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:TagPolicy",
];
/** Principals and trusts a deploy never makes: users, groups, access keys, identity providers. */
const PRINCIPAL_WRITE_ACTIONS = [
    "iam:CreateUser",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AttachUserPolicy",
    "iam:PutUserPolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:AddUserToGroup",
    "iam:CreateGroup",
    "iam:AttachGroupPolicy",
    "iam:PutGroupPolicy",
    "iam:CreateOpenIDConnectProvider",
    "iam:UpdateOpenIDConnectProviderThumbprint",
    "iam:AddClientIDToOpenIDConnectProvider",
    "iam:CreateSAMLProvider",
    "iam:UpdateSAMLProvider",
    "organizations:*",
    "account:*",
];

/**
 * The permissions boundary of a stack's deploy role. It grants nothing itself (the ceiling is everything); what the
 * role may do is its own policies, cut down by these denials:
 * - the region guardrails;
 * - the CI roles never write objects into the non-US backup buckets (the backup job's writer role does), nor data into
 *   the non-US backup job's function, queue, topic or logs (its own roles do);
 * - a role is created, changed, passed or assumed only on the workload path, and created only with this boundary,
 *   which is never removed; managed policies only on the workload path (so the boundaries and the CI roles' own
 *   policies, on the CI path, stay as the bootstrap made them); no users, groups, keys or identity providers.
 */
export function deployBoundary(
    approvals: AwsRegionApprovals,
    boundaryArn: string,
    nonUsBuckets: readonly string[] = NON_US_BACKUP_BUCKETS,
    nonUsJobs: readonly string[] = NON_US_BACKUP_JOBS,
): PolicyDocument {
    const workloadRoles = `arn:aws:iam::*:role${WORKLOAD_PATH}*`;
    const ciRoles = `arn:aws:iam::*:role${CI_PATH}*`;
    const backup = regionNames(approvals.backupRegions);
    return doc([
        { Sid: "Ceiling", Effect: "Allow", Action: "*", Resource: "*" },
        ...regionGuardrailStatements(approvals, nonUsBuckets, nonUsJobs),
        {
            Sid: "NoBackupObjectsFromCiRoles",
            Effect: "Deny",
            Action: ["s3:PutObject", "s3:PutObjectAcl", "s3:ReplicateObject", "s3:RestoreObject"],
            Resource: bucketArns(nonUsBuckets).objects,
            Condition: { ArnLike: { "aws:PrincipalArn": ciRoles } },
        },
        // In a backup region these actions reach only the job's resources (the region guardrails), so `*` there is the
        // job's function, queue, topic and logs, in fewer characters than their ARNs.
        ...(backup.length > 0
            ? [
                  {
                      Sid: "NoBackupJobDataFromCiRoles",
                      Effect: "Deny" as const,
                      Action: [...BACKUP_JOB_DATA_ACTIONS],
                      Resource: "*",
                      Condition: { ArnLike: { "aws:PrincipalArn": ciRoles }, StringEquals: { "aws:RequestedRegion": backup } },
                  },
              ]
            : []),
        { Sid: "RolesOnlyOnTheWorkloadPath", Effect: "Deny", Action: ROLE_WRITE_ACTIONS, NotResource: [workloadRoles] },
        {
            Sid: "RolesOnlyWithThisBoundary",
            Effect: "Deny",
            Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
            Resource: "*",
            Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundaryArn } },
        },
        { Sid: "BoundariesStay", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"], Resource: "*" },
        {
            Sid: "ManagedPoliciesOnlyOnTheWorkloadPath",
            Effect: "Deny",
            Action: MANAGED_POLICY_WRITE_ACTIONS,
            NotResource: [`arn:aws:iam::*:policy${WORKLOAD_PATH}*`],
        },
        { Sid: "NoNewPrincipals", Effect: "Deny", Action: PRINCIPAL_WRITE_ACTIONS, Resource: "*" },
    ]);
}

/** The service control policy: the region guardrails for every principal of the accounts it is attached to. */
export function serviceControlPolicy(
    approvals: AwsRegionApprovals,
    nonUsBuckets: readonly string[] = NON_US_BACKUP_BUCKETS,
    nonUsJobs: readonly string[] = NON_US_BACKUP_JOBS,
): PolicyDocument {
    return doc(regionGuardrailStatements(approvals, nonUsBuckets, nonUsJobs));
}

export function githubOidcProviderArn(accountId: string): string {
    return `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/** Trust of a CI role: GitHub's OIDC tokens for this repository, with one of the given `sub` claims only. */
export function githubTrust(accountId: string, subjects: readonly string[]): PolicyDocument {
    return doc([
        {
            Sid: "GitHubActionsOfThisRepository",
            Effect: "Allow",
            Principal: { Federated: githubOidcProviderArn(accountId) },
            Action: "sts:AssumeRoleWithWebIdentity",
            // `sub` is single-valued: StringEquals with a list matches any of them, and an absent claim matches none.
            Condition: { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com", [`${GITHUB_OIDC_HOST}:sub`]: [...subjects] } },
        },
    ]);
}

export interface StateAccess {
    readonly accountId: string;
    readonly region: string;
    readonly stateBucket: string;
    /** Aliases of the KMS keys of the state: the secrets provider and the bucket's SSE-KMS key. */
    readonly keyAliases: readonly string[];
}

/** The state bucket and its keys: read (read-only role), or read and write (deploy roles). Keys by alias, so the document is literal at preview. */
export function statePolicy(access: StateAccess, write: boolean): PolicyDocument {
    const bucket = `arn:aws:s3:::${access.stateBucket}`;
    return doc([
        { Sid: "ListTheState", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket },
        {
            Sid: write ? "ReadAndWriteCheckpoints" : "ReadCheckpoints",
            Effect: "Allow",
            Action: write ? ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] : "s3:GetObject",
            Resource: `${bucket}/*`,
        },
        {
            Sid: write ? "UseTheStateKeys" : "DecryptWithTheStateKeys",
            Effect: "Allow",
            Action: write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"] : ["kms:Decrypt", "kms:DescribeKey"],
            Resource: `arn:aws:kms:${access.region}:${access.accountId}:key/*`,
            Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": [...access.keyAliases] } },
        },
    ]);
}

/** What a deploy role may do in IAM (PowerUserAccess has none of it): workload roles and policies, service-linked roles, reads. */
export function deployIamPolicy(): PolicyDocument {
    return doc([
        { Sid: "ReadIam", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
        {
            Sid: "WorkloadRolesAndPolicies",
            Effect: "Allow",
            Action: [...ROLE_WRITE_ACTIONS.filter((a) => a.startsWith("iam:")), ...MANAGED_POLICY_WRITE_ACTIONS],
            Resource: [`arn:aws:iam::*:role${WORKLOAD_PATH}*`, `arn:aws:iam::*:policy${WORKLOAD_PATH}*`],
        },
        { Sid: "ServiceLinkedRoles", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "*" },
    ]);
}

/** Size IAM counts for a managed policy (white space outside strings does not count) and Organizations for an SCP. */
export function minifiedLength(document: PolicyDocument): number {
    return JSON.stringify(document).length;
}
