/**
 * Names shared by the bootstrap stack (which creates the CI roles and their permissions boundaries) and the main
 * program (whose roles must carry the boundary of the stack that deploys them). Pure: no Pulumi resources.
 */

/** IAM path of what the bootstrap creates for CI: the roles and the boundaries. Deploy roles may not touch it. */
export const CI_PATH = "/residency-ci/";
/** IAM path of every role and managed policy a deploy creates. The boundary confines the deploy roles to it. */
export const WORKLOAD_PATH = "/residency/";

/** The read-only role: pull-request `pulumi preview` and the nightly audit. */
export const READONLY_ROLE_NAME = "residency-readonly";

/** The deploy role of a stack (one per GitHub environment, named like the stack). */
export function deployRoleName(stack: string): string {
    return `residency-deploy-${stack}`;
}

/** The permissions boundary of a stack's deploy role, and of every role that deploy creates. */
export function deployBoundaryName(stack: string): string {
    return `residency-deploy-boundary-${stack}`;
}

export function deployBoundaryArn(accountId: string, stack: string): string {
    return `arn:aws:iam::${accountId}:policy${CI_PATH}${deployBoundaryName(stack)}`;
}

/**
 * What every IAM role of a deploy must be created with: on the workload path, under the stack's boundary. The
 * boundary refuses any other role (infra/guardrails/awsGuardrails.ts, "RolesOnlyOnTheWorkloadPath").
 */
export function workloadRoleGuardrails(accountId: string, stack: string): { path: string; permissionsBoundary: string } {
    return { path: WORKLOAD_PATH, permissionsBoundary: deployBoundaryArn(accountId, stack) };
}

/**
 * S3 bucket names of the named non-US backup resources: the Singapore vault of infra/stack.ts is
 * `non-us-user-data-backup-<env>-<hex>`, its access logs `non-us-user-data-backup-<env>-logs-<hex>`. The guardrails let
 * these, and nothing else, hold data in a region approved for non-US data only (test/infra/guardrails.test.ts checks
 * the program against it).
 */
export const NON_US_BACKUP_BUCKETS: readonly string[] = ["non-us-user-data-backup-*"];

/**
 * Names of the non-US backup job, which runs in the Singapore backup region: infra/stack.ts `backupJobName(env,
 * "non-us")` is `us-data-residency-<env>-non-us-backup`. Its function and schedule bear the name, its log group is
 * `/aws/lambda/<job>`, its dead-letter queue `<job>-dead-letters`, its alarm topic `<job>-alarms`, its alarms
 * `<job>-<what>` (infra/components/backupJob.ts). In a region approved for non-US data only, the guardrails let the
 * job's services write these and nothing else (test/infra/guardrails.test.ts checks the program against it).
 */
export const NON_US_BACKUP_JOBS: readonly string[] = ["us-data-residency-*-non-us-backup"];

/** The GitHub OIDC issuer's host, as IAM names the provider and its condition keys. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
