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
 * Regions come from the residency pack's settings (approvals.ts); the one exception, the named non-US backup buckets,
 * from names.ts. Pure: no Pulumi resources, so the bootstrap stack, the doc renderer and the tests share every byte.
 */
import type { AwsRegionApprovals, RegionApproval } from "./approvals";
import { CI_PATH, GITHUB_OIDC_HOST, NON_US_BACKUP_BUCKETS, WORKLOAD_PATH } from "./names";

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
 * The region guardrails, shared by the boundary and the SCP: nothing at all outside the approved regions (but global
 * services); in a region approved only for non-US data, only the named backup buckets and keys; no bucket placed in
 * another region through a location constraint; no copy configured from an approved region to another; nothing in
 * a transitional region after its sunset.
 */
export function regionGuardrailStatements(approvals: AwsRegionApprovals, nonUsBuckets: readonly string[] = NON_US_BACKUP_BUCKETS): Statement[] {
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
                Sid: "DenyInBackupRegionsAllButBackupStorage",
                Effect: "Deny",
                NotAction: [...GLOBAL_SERVICE_ACTIONS, ...BACKUP_REGION_SERVICES],
                Resource: "*",
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
 * - the CI roles never write objects into the non-US backup buckets (the backup job's writer role does);
 * - a role is created, changed, passed or assumed only on the workload path, and created only with this boundary,
 *   which is never removed; managed policies only on the workload path (so the boundaries and the CI roles' own
 *   policies, on the CI path, stay as the bootstrap made them); no users, groups, keys or identity providers.
 */
export function deployBoundary(approvals: AwsRegionApprovals, boundaryArn: string, nonUsBuckets: readonly string[] = NON_US_BACKUP_BUCKETS): PolicyDocument {
    const workloadRoles = `arn:aws:iam::*:role${WORKLOAD_PATH}*`;
    return doc([
        { Sid: "Ceiling", Effect: "Allow", Action: "*", Resource: "*" },
        ...regionGuardrailStatements(approvals, nonUsBuckets),
        {
            Sid: "NoBackupObjectsFromCiRoles",
            Effect: "Deny",
            Action: ["s3:PutObject", "s3:PutObjectAcl", "s3:ReplicateObject", "s3:RestoreObject"],
            Resource: bucketArns(nonUsBuckets).objects,
            Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::*:role${CI_PATH}*` } },
        },
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
export function serviceControlPolicy(approvals: AwsRegionApprovals, nonUsBuckets: readonly string[] = NON_US_BACKUP_BUCKETS): PolicyDocument {
    return doc(regionGuardrailStatements(approvals, nonUsBuckets));
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
