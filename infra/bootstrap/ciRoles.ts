import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsRegionApprovals } from "../guardrails/approvals";
import { deployBoundary, deployIamPolicy, githubTrust, statePolicy, type StateAccess } from "../guardrails/awsGuardrails";
import { CI_PATH, deployBoundaryArn, deployBoundaryName, deployRoleName, GITHUB_OIDC_HOST, READONLY_ROLE_NAME } from "../guardrails/names";
import { requireProvider } from "../components/requireProvider";

/** One deploy environment: a GitHub environment named like the stack it deploys, and the pack's regions for it. */
export interface DeployEnvironment {
    readonly stack: string;
    readonly approvals: AwsRegionApprovals;
}

export interface CiRolesArgs {
    /** `owner/name` of the repository whose workflows may assume the roles. */
    readonly repository: string;
    readonly state: StateAccess;
    readonly environments: readonly DeployEnvironment[];
}

/** AWS managed policy of the deploy roles' cloud permissions (no IAM): the boundary and deployIamPolicy cut it down. */
export const DEPLOY_MANAGED_POLICY_ARN = "arn:aws:iam::aws:policy/PowerUserAccess";

/**
 * The roles GitHub Actions assumes through OIDC (no long-lived AWS keys anywhere):
 * - the read-only role, for pull-request previews and the nightly audit: reads the state and decrypts with its keys;
 * - per environment, the deploy role, trusted only by that GitHub environment, under a permissions boundary derived
 *   from the pack's approved locations (infra/guardrails/awsGuardrails.ts): whatever the program calls directly,
 *   AWS refuses a data store, or an object, outside them.
 * Every document is literal at preview, so the residency pack reads all of it. Pass the AWS provider in the options.
 */
export class CiRoles extends pulumi.ComponentResource {
    static readonly TYPE = "residency:bootstrap:CiRoles";

    readonly oidcProvider: aws.iam.OpenIdConnectProvider;
    readonly readonlyRole: aws.iam.Role;
    readonly deployRoles: Record<string, aws.iam.Role>;
    readonly boundaries: Record<string, aws.iam.Policy>;

    constructor(name: string, args: CiRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(CiRoles.TYPE, name, {}, opts);
        requireProvider(this, "aws", CiRoles.TYPE);
        if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(args.repository))
            throw new Error(`${CiRoles.TYPE} ${name}: repository '${args.repository}' is not owner/name`);
        const child = { parent: this };
        const { accountId } = args.state;
        const repo = `repo:${args.repository}`;

        this.oidcProvider = new aws.iam.OpenIdConnectProvider(
            `${name}-github`,
            { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: ["sts.amazonaws.com"] },
            child,
        );
        const trusted = { ...child, dependsOn: [this.oidcProvider] };

        this.readonlyRole = new aws.iam.Role(
            `${name}-readonly`,
            {
                name: READONLY_ROLE_NAME,
                path: CI_PATH,
                description: "Pull-request previews and the nightly audit: reads the Pulumi state, nothing else",
                maxSessionDuration: 3600,
                assumeRolePolicy: JSON.stringify(githubTrust(accountId, [`${repo}:pull_request`, `${repo}:ref:refs/heads/main`])),
            },
            trusted,
        );
        new aws.iam.RolePolicy(`${name}-readonly-state`, { role: this.readonlyRole.name, policy: JSON.stringify(statePolicy(args.state, false)) }, child);

        this.deployRoles = {};
        this.boundaries = {};
        for (const env of args.environments) {
            const boundary = new aws.iam.Policy(
                `${name}-boundary-${env.stack}`,
                {
                    name: deployBoundaryName(env.stack),
                    path: CI_PATH,
                    description: `Permissions boundary of the ${env.stack} deploy role and of every role it creates: approved regions only`,
                    policy: JSON.stringify(deployBoundary(env.approvals, deployBoundaryArn(accountId, env.stack))),
                },
                child,
            );
            const role = new aws.iam.Role(
                `${name}-deploy-${env.stack}`,
                {
                    name: deployRoleName(env.stack),
                    path: CI_PATH,
                    description: `pulumi up of ${env.stack}, from the GitHub environment ${env.stack} only`,
                    maxSessionDuration: 3600,
                    assumeRolePolicy: JSON.stringify(githubTrust(accountId, [`${repo}:environment:${env.stack}`])),
                    permissionsBoundary: boundary.arn,
                },
                trusted,
            );
            new aws.iam.RolePolicy(`${name}-deploy-${env.stack}-state`, { role: role.name, policy: JSON.stringify(statePolicy(args.state, true)) }, child);
            new aws.iam.RolePolicy(`${name}-deploy-${env.stack}-iam`, { role: role.name, policy: JSON.stringify(deployIamPolicy()) }, child);
            new aws.iam.RolePolicyAttachment(`${name}-deploy-${env.stack}-cloud`, { role: role.name, policyArn: DEPLOY_MANAGED_POLICY_ARN }, child);
            this.deployRoles[env.stack] = role;
            this.boundaries[env.stack] = boundary;
        }

        this.registerOutputs({
            readonlyRoleArn: this.readonlyRole.arn,
            deployRoleArns: Object.fromEntries(Object.entries(this.deployRoles).map(([stack, r]) => [stack, r.arn])),
            boundaryArns: Object.fromEntries(Object.entries(this.boundaries).map(([stack, b]) => [stack, b.arn])),
        });
    }
}
