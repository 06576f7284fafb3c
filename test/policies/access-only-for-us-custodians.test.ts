import { ruleTable } from "./judge";

const NON_US_STAFF = { "residency-config-valid": { nonUsStaffGroups: ["sg-support-staff", "eu-support-staff"] } };
const APPROVED_PRINCIPALS = { "residency-config-valid": { approvedAwsPrincipals: ["arn:aws:iam::222222222222:role/partner-ingest", "analytics"] } };

const GITHUB_OIDC = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const OIDC_ROLES = [
    "readonly",
    "deploy-prod",
    "deploy-case",
    "deploy-narrowed",
    "deploy-wide",
    "deploy-from-prs",
    "deploy-unknown",
    "deploy-audience-only",
    "deploy-if-exists",
    "deploy-for-all",
    "deploy-empty",
];
const PROD = ["repo:acme/app:environment:prod"];
const OIDC_PRINCIPALS = OIDC_ROLES.concat(GITHUB_OIDC, "operator", "arn:aws:iam::111122223333:role/deployer");
const OIDC_APPROVALS = {
    "residency-config-valid": {
        approvedAwsPrincipals: OIDC_PRINCIPALS,
        approvedOidcSubjects: {
            readonly: ["repo:acme/app:pull_request", "repo:acme/app:ref:refs/heads/main"],
            ...Object.fromEntries(OIDC_ROLES.filter((r) => r.startsWith("deploy-")).map((r) => [r, PROD])),
        },
    },
};
const oidcAny = (role: string) =>
    `the trust policy of IAM role '${role}', approved as '${role}', lets tokens of OIDC provider ${GITHUB_OIDC} with any subject assume it: it pins no 'token.actions.githubusercontent.com:sub' (StringEquals or StringLike), and the provider issues tokens to anyone who uses it. Pin the claim to the subjects listed for '${role}' in 'approvedOidcSubjects'.`;
const oidcSubject = (role: string, subjects: string) =>
    `the trust policy of IAM role '${role}', approved as '${role}', lets tokens of OIDC provider ${GITHUB_OIDC} with subject ${subjects} assume it, not in 'approvedOidcSubjects' for '${role}'. Pin 'token.actions.githubusercontent.com:sub' to the subjects approved for the role, or approve them there.`;

const keyPolicyResult = (which: string, stores: string, who: string) =>
    `${which}, which encrypts ${stores} (us-user-data), lets ${who} use the key beyond encrypting with it (decrypt, re-encrypt, grant or manage), not in 'approvedAwsPrincipals'. Remove the grant or approve the principal; the root of the key's own account (the one account its provider's 'allowedAccountIds' names) leaves it to that account's IAM.`;

const WEB_IDENTITY_ROLES = ["google-pinned", "google-audience", "cognito-pool", "facebook-user", "amazon-any", "saml-staff"];
const webIdentityAny = (role: string, provider: string, claim: string) =>
    `the trust policy of IAM role '${role}', approved as '${role}', lets tokens of web identity provider ${provider} with any subject assume it: it pins no '${claim}' (StringEquals or StringLike), and the provider issues tokens to anyone who uses it. Pin the claim to the subjects listed for '${role}' in 'approvedOidcSubjects'.`;
const identityResult = (policy: string, reached: string, holder: string) =>
    `IAM policy '${policy}' allows reading, changing or deleting US user data (${reached}), and '${holder}' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.`;
const keyIdentityResult = (policy: string, keys: string, holder: string) =>
    `IAM policy '${policy}' allows reading, changing or deleting US user data (${keys}), and '${holder}' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage, and kms:Encrypt or kms:GenerateDataKey on a key), or approve the principal.`;

ruleTable("access-only-for-us-custodians", [
    {
        // The custodian list in the messages is the configured one (defaults may grow), so it is matched loosely.
        what: "passes custodian grants, read-only auditors and grants scoped to non-US buckets of the stack; rejects each over-broad statement, by index, and one scoped to a bucket outside the stack",
        program: "oci-iam-statements",
        expected: [
            ["broad-access", "statement 0 of OCI policy 'broad-access' grants 'manage audit-events'; auditors get read-only access. Use 'read audit-events'."],
            [
                "broad-access",
                /^statement 1 of OCI policy 'broad-access' grants 'read objects' to any-user, which reaches US user data\. Grant it to a custodian group \(us-data-custodians[^)]*\) only\.$/,
            ],
            [
                "broad-access",
                /^statement 2 of OCI policy 'broad-access' grants 'read buckets' tenancy to contractors, which reaches US user data but is not an approved US custodian group \(us-data-custodians[^)]*\)\. Remove the grant or scope it with 'where target\.bucket\.name' to non-US buckets of the stack\.$/,
            ],
            [
                "broad-access",
                /^statement 3 of OCI policy 'broad-access' grants 'read objects' tenancy to contractors, which reaches US user data but is not an approved US custodian group \(us-data-custodians[^)]*\)\. Remove the grant or scope it with 'where target\.bucket\.name' to non-US buckets of the stack\.$/,
            ],
        ],
        level: "mandatory",
        code: 1,
    },
    {
        what: "every OCI resource type reaches US user data but the few listed without it (network, DNS, metrics, alarms, a listing of compartments): instances, notifications, policies, secrets, load balancers, managing compartments and a type no list names are results",
        program: "oci-iam-unlisted-types",
        expected: [
            [5, "manage instance-family"],
            [6, "use ons-family"],
            [7, "manage policies", "tenancy "],
            [8, "read secret-bundles"],
            [9, "manage load-balancers"],
            [10, "manage compartments", "tenancy "],
            [11, "manage frobnicators"],
        ].map(([i, grant, where]) => [
            "contractor-access",
            new RegExp(
                `^statement ${i} of OCI policy 'contractor-access' grants '${grant}' ${where ?? "compartment id ocid1\\.compartment\\.oc1\\.\\.placeholder "}to contractors, which reaches US user data but is not an approved US custodian group \\(us-data-custodians[^)]*\\)\\. Remove the grant or scope it with 'where target\\.bucket\\.name' to non-US buckets of the stack\\.$`,
            ),
        ]),
        level: "mandatory",
        code: 1,
    },
    {
        what: "rejects a grant to staff configured as outside the US, even when the stack holds no US user data",
        program: "oci-iam-non-us-staff",
        config: NON_US_STAFF,
        expected: [
            [
                "support-read",
                "statement 0 of OCI policy 'support-read' grants 'read objects' to sg-support-staff, configured as staff outside the US. Remove that grant.",
            ],
        ],
        code: 1,
    },
    {
        what: "passes the same grant when the group is not configured as non-US staff and no US data is reachable",
        program: "oci-iam-non-us-staff",
        expected: [],
        code: 0,
    },
    {
        what: "rejects AWS bucket and IAM policies on a US bucket whose principals are not in approvedAwsPrincipals",
        program: "aws-access-grants",
        expected: [
            [
                "analytics-read",
                "IAM policy 'analytics-read' allows reading, changing or deleting US user data ('us-users'), and 'analytics' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
            [
                "us-users-partner",
                "bucket policy 'us-users-partner' of 'us-users' (us-user-data) allows arn:aws:iam::222222222222:role/partner-ingest, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
        ],
        code: 1,
    },
    { what: "passes them once those principals are approved", program: "aws-access-grants", config: APPROVED_PRINCIPALS, expected: [], code: 0 },
    {
        what: "takes NotPrincipal, NotAction, NotResource and an Effect, statement or action not known at preview for the broadest grant they may be; passes the read of the APAC bucket",
        program: "aws-grants-read-loosely",
        expected: [
            [
                "action-unknown",
                "IAM policy 'action-unknown' allows reading, changing or deleting US user data ('us-users'), and 'ingest' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
            [
                "all-but-one",
                "bucket policy 'all-but-one' of 'us-users' (us-user-data) allows every principal but the ones its NotPrincipal names, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
            [
                "effect-unknown",
                "bucket policy 'effect-unknown' of 'us-users' (us-user-data) allows arn:aws:iam::333333333333:root, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
            [
                "not-action",
                "IAM policy 'not-action' allows reading, changing or deleting US user data ('us-users'), and 'analytics' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
            [
                "not-resource",
                "IAM policy 'not-resource' allows reading, changing or deleting US user data ('us-users', every S3 bucket of the account), and 'reporting' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
            [
                "statements-unknown",
                "bucket policy 'statements-unknown' of 'us-users' (us-user-data) allows a principal not known at preview, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
        ],
        code: 1,
    },
    {
        what: "names a principal not known at preview as such, and never takes it for an approved one (a whole Principal unknown included)",
        program: "aws-grant-to-unknown-principals",
        config: APPROVED_PRINCIPALS,
        expected: [
            [
                "us-users-cdn",
                "bucket policy 'us-users-cdn' of 'us-users' (us-user-data) allows a principal not known at preview, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
            [
                "us-users-cdn",
                "bucket policy 'us-users-cdn' of 'us-users' (us-user-data) allows a principal not known at preview, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
        ],
        code: 1,
    },
    {
        what: "reads the IAM grants on every US store, not only buckets: any action of the store's service but the few that only add to it, on a pattern that may be it",
        program: "aws-identity-grants-other-stores",
        expected: [
            [
                "bucket-policy-writer",
                "IAM policy 'bucket-policy-writer' allows reading, changing or deleting US user data ('us-users'), and 'deployer' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
            [
                "indexer",
                "inline policy 'query-index' of IAM role 'indexer' allows reading, changing or deleting US user data ('users'), and 'indexer' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
            [
                "log-reader",
                "IAM policy 'log-reader' allows reading, changing or deleting US user data ('app-logs'), and 'support' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
            ["queue-reader", identityResult("queue-reader", "'orders', 'arn:aws:sqs:us-east-1:111122223333:orders-*', outside this stack", "worker")],
            [
                "table-admin",
                "IAM policy 'table-admin' allows reading, changing or deleting US user data ('users'), and 'analytics' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
        ],
        level: "mandatory",
    },
    {
        what: "passes those grants once their holders are approved",
        program: "aws-identity-grants-other-stores",
        config: { "residency-config-valid": { approvedAwsPrincipals: ["analytics", "worker", "support", "deployer", "indexer"] } },
        expected: [],
    },
    {
        what: "with the store's ARN known, reaches what is inside it (an index) and what a prefix pattern covers (in the stack and beyond it), not a non-US table of the stack; a store outside the stack where US data may be, by ARN, beyond adding to it, is reached too",
        program: "aws-identity-grants-known-arns",
        expected: [
            ["index-reader", identityResult("index-reader", "'users'", "analytics")],
            ["outside-bucket", identityResult("outside-bucket", "'arn:aws:s3:::reports-elsewhere/*', outside this stack", "analytics")],
            [
                "outside-table",
                identityResult("outside-table", "'arn:aws:dynamodb:us-east-1:111122223333:table/exports-elsewhere', outside this stack", "analytics"),
            ],
            ["prefix", identityResult("prefix", "'users', 'arn:aws:dynamodb:us-east-1:111122223333:table/us*', outside this stack", "reporting")],
        ],
    },
    {
        what: "reads the resource policies of US stores other than buckets (their own and attached ones) for principals not approved",
        program: "store-resource-policies-public",
        expected: [
            ["alerts", "the policy of 'alerts' (us-user-data) allows *, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal."],
            [
                "db-password-all-but",
                "resource policy 'db-password-all-but' of 'db-password' (us-user-data) allows every principal but the ones its NotPrincipal names, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
            [
                "orders-open",
                "resource policy 'orders-open' of 'orders' (us-user-data) allows *, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
            [
                "users-partner",
                "resource policy 'users-partner' of 'users' (us-user-data) allows arn:aws:iam::111111111111:root, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
        ],
    },
    {
        what: "takes the holders of a managed policy from every way the stack gives it (attachments, a role's own list, an exclusive attachment; each must be approved), and a policy given nowhere in the stack as held by its own name",
        program: "aws-managed-policy-holders",
        config: { "residency-config-valid": { approvedAwsPrincipals: ["reader"] } },
        expected: [
            [
                "users-export",
                "IAM policy 'users-export' allows reading, changing or deleting US user data ('users'), and 'exporter' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
            [
                "users-read",
                "IAM policy 'users-read' allows reading, changing or deleting US user data ('users'), and 'auditors', 'lister' are not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
            [
                "users-read-spare",
                "IAM policy 'users-read-spare' allows reading, changing or deleting US user data ('users'), and 'users-read-spare' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
        ],
    },
    {
        what: "an approved role may be assumed only by approved principals (services aside): another account, an OIDC provider and NotPrincipal's complement are not",
        program: "aws-approved-role-trust",
        config: { "residency-config-valid": { approvedAwsPrincipals: ["ingest", "analytics", "ci", "support", "arn:aws:iam::111122223333:role/deployer"] } },
        expected: [
            [
                "analytics",
                "the trust policy of IAM role 'analytics', approved as 'analytics', lets arn:aws:iam::999988887777:root assume it, not in 'approvedAwsPrincipals'. Trust only approved principals (or AWS services), or approve them.",
            ],
            [
                "ci",
                "the trust policy of IAM role 'ci', approved as 'ci', lets arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com assume it, not in 'approvedAwsPrincipals'. Trust only approved principals (or AWS services), or approve them.",
            ],
            [
                "support",
                "the trust policy of IAM role 'support', approved as 'support', lets every principal but the ones its NotPrincipal names assume it, not in 'approvedAwsPrincipals'. Trust only approved principals (or AWS services), or approve them.",
            ],
        ],
    },
    {
        what: "an approved OIDC provider lets in only the token subjects approved for each role: a wildcard, another role's subject, one not known at preview and no pin at all are results; one pin of approved subjects suffices",
        program: "aws-oidc-trust",
        config: OIDC_APPROVALS,
        expected: [
            ["deploy-audience-only", oidcAny("deploy-audience-only")],
            ["deploy-empty", oidcAny("deploy-empty")],
            ["deploy-for-all", oidcAny("deploy-for-all")],
            ["deploy-from-prs", oidcSubject("deploy-from-prs", "'repo:acme/app:pull_request'")],
            ["deploy-if-exists", oidcAny("deploy-if-exists")],
            ["deploy-unknown", oidcSubject("deploy-unknown", "a subject not known at preview")],
            ["deploy-wide", oidcSubject("deploy-wide", "'repo:acme/*'")],
        ],
    },
    {
        what: "a web identity provider IAM knows by name (Google, Cognito, Facebook, Login with Amazon) lets in only approved subjects, by its own subject claim; an audience pin is no subject pin; a SAML provider's roles are its IdP's to give",
        program: "aws-web-identity-trust",
        config: {
            "residency-config-valid": {
                approvedAwsPrincipals: WEB_IDENTITY_ROLES.concat(
                    "accounts.google.com",
                    "cognito-identity.amazonaws.com",
                    "graph.facebook.com",
                    "www.amazon.com",
                    "arn:aws:iam::111122223333:saml-provider/corp-idp",
                ),
                approvedOidcSubjects: { "google-pinned": ["110169484474386276334"], "facebook-user": ["4"] },
            },
        },
        expected: [
            ["amazon-any", webIdentityAny("amazon-any", "www.amazon.com", "www.amazon.com:user_id")],
            ["cognito-pool", webIdentityAny("cognito-pool", "cognito-identity.amazonaws.com", "cognito-identity.amazonaws.com:sub")],
            ["google-audience", webIdentityAny("google-audience", "accounts.google.com", "accounts.google.com:sub")],
        ],
    },
    {
        what: "without approved subjects, every role trusted by the approved OIDC provider is a result; the role trusted by an approved account role is not",
        program: "aws-oidc-trust",
        config: { "residency-config-valid": { approvedAwsPrincipals: OIDC_PRINCIPALS } },
        expected: [
            ["deploy-audience-only", oidcAny("deploy-audience-only")],
            ["deploy-case", oidcSubject("deploy-case", "'repo:acme/app:environment:prod'")],
            ["deploy-empty", oidcAny("deploy-empty")],
            ["deploy-for-all", oidcAny("deploy-for-all")],
            ["deploy-from-prs", oidcSubject("deploy-from-prs", "'repo:acme/app:environment:prod', 'repo:acme/app:pull_request'")],
            ["deploy-if-exists", oidcAny("deploy-if-exists")],
            ["deploy-narrowed", oidcSubject("deploy-narrowed", "'repo:acme/app:environment:prod'")],
            ["deploy-prod", oidcSubject("deploy-prod", "'repo:acme/app:environment:prod'")],
            ["deploy-unknown", oidcSubject("deploy-unknown", "a subject not known at preview")],
            ["deploy-wide", oidcSubject("deploy-wide", "'repo:acme/*'")],
            ["readonly", oidcSubject("readonly", "'repo:acme/app:pull_request', 'repo:acme/app:ref:refs/heads/main'")],
        ],
    },
    {
        what: "the keys of US stores, and their replicas, may be used beyond encrypting only by approved principals and the root of the key's own account (its provider's one allowedAccountIds); services, encrypting, AWS's default policy and keys of no US store aside",
        program: "aws-us-store-keys",
        expected: [
            ["multi-region-partner", keyPolicyResult("the policy of replica key 'multi-region-partner' of 'multi-region'", "'ledger'", "999988887777")],
            ["partner-decrypt", keyPolicyResult("the policy of key 'partner-decrypt'", "'events'", "arn:aws:iam::999988887777:root")],
            ["shared-policy", keyPolicyResult("key policy 'shared-policy' of key 'shared'", "'profiles'", "*")],
            [
                "shared-to-analytics",
                "grant 'shared-to-analytics' of key 'shared', which encrypts 'profiles' (us-user-data), gives arn:aws:iam::111122223333:role/analytics Decrypt, not in 'approvedAwsPrincipals'. Grant only Encrypt or GenerateDataKey, or approve the grantee.",
            ],
            ["unpinned-root", keyPolicyResult("the policy of key 'unpinned-root'", "'sessions'", "arn:aws:iam::111122223333:root")],
        ],
    },
    {
        what: "a US Cognito user pool is reached by the actions of its IAM service, cognito-idp, as any store by its service's",
        program: "aws-us-user-pool-readers",
        expected: [
            [
                "export-users",
                identityResult("export-users", "'customers', 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/*', outside this stack", "exporter"),
            ],
            ["support-lookup", identityResult("support-lookup", "'customers'", "support")],
        ],
        code: 1,
    },
    {
        what: "identity policies of principals not approved may not decrypt with the key of a US store, or its replica, by its ARN, by '*' or by a pattern; encrypting, the key of a non-US store and approved principals aside",
        program: "aws-us-key-identity-policies",
        config: { "residency-config-valid": { approvedAwsPrincipals: ["analytics"] } },
        expected: [
            [
                "decrypt-account-keys",
                keyIdentityResult(
                    "decrypt-account-keys",
                    "key 'users-key' of 'users', key 'users-key-oregon' of 'users', 'arn:aws:kms:*:111122223333:key/*', outside this stack",
                    "batch",
                ),
            ],
            ["decrypt-any-key", keyIdentityResult("decrypt-any-key", "key 'users-key' of 'users', key 'users-key-oregon' of 'users'", "batch")],
            ["decrypt-replica", keyIdentityResult("decrypt-replica", "key 'users-key-oregon' of 'users'", "oregon-reader")],
            ["decrypt-users-key", keyIdentityResult("decrypt-users-key", "key 'users-key' of 'users'", "reporting")],
        ],
        code: 1,
    },
    {
        what: "passes those keys once their principals are approved",
        program: "aws-us-store-keys",
        config: {
            "residency-config-valid": {
                approvedAwsPrincipals: [
                    "arn:aws:iam::999988887777:root",
                    "999988887777",
                    "*",
                    "arn:aws:iam::111122223333:role/analytics",
                    "arn:aws:iam::111122223333:root",
                ],
            },
        },
        expected: [],
    },
    {
        what: "a read of every bucket of the account reaches US data in other stacks' buckets, even where this stack holds none; a write, a read of a named non-US bucket, and one built from it do not",
        program: "aws-grants-on-every-bucket",
        expected: [
            [
                "read-everything",
                "IAM policy 'read-everything' allows reading, changing or deleting US user data (every S3 bucket of the account), and 'analytics' is not in 'approvedAwsPrincipals'. Grant only actions that add to a store (such as s3:PutObject or sqs:SendMessage), or approve the principal.",
            ],
        ],
    },
    {
        what: "a managed policy whose document is not in the stack (AWS's, but for the few that reach no store; another account's; one not known at preview) may reach any store, so its holders must be approved",
        program: "aws-managed-policies-attached",
        expected: [
            [
                "auditor-read-only",
                "'auditor-read-only' gives the AWS managed policy 'ReadOnlyAccess' to 'auditor', not in 'approvedAwsPrincipals': its document is not in the stack, so it may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.",
            ],
            [
                "autonamed",
                "IAM role 'autonamed' holds the AWS managed policy 'AmazonS3ReadOnlyAccess', and a holder not known at preview is not in 'approvedAwsPrincipals': its document is not in the stack, so it may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.",
            ],
            [
                "configured",
                "IAM role 'configured' holds a managed policy whose ARN is not known at preview, and 'configured' is not in 'approvedAwsPrincipals': its document is not in the stack, so it may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.",
            ],
            [
                "exporter-policies",
                "'exporter-policies' gives the AWS managed policy 'AmazonS3FullAccess' to 'exporter', not in 'approvedAwsPrincipals': its document is not in the stack, so it may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.",
            ],
            [
                "partner",
                "IAM role 'partner' holds the policy 'arn:aws:iam::999988887777:policy/partner-access', which is not in the stack, and 'partner' is not in 'approvedAwsPrincipals': its document is not in the stack, so it may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.",
            ],
            [
                "reader",
                "IAM role 'reader' holds the AWS managed policy 'ReadOnlyAccess', the AWS managed policy 'AmazonDynamoDBReadOnlyAccess', and 'reader' is not in 'approvedAwsPrincipals': their documents are not in the stack, so they may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.",
            ],
            [
                "support-logs",
                "'support-logs' gives the AWS managed policy 'CloudWatchLogsFullAccess' to 'support', not in 'approvedAwsPrincipals': its document is not in the stack, so it may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.",
            ],
            [
                "uploader",
                "IAM role 'uploader' holds the AWS managed policy 'AmazonS3FullAccess', and 'uploader' is not in 'approvedAwsPrincipals': its document is not in the stack, so it may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.",
            ],
        ],
    },
    {
        what: "passes those managed policies once their holders are approved, but for the one whose holder is not known at preview",
        program: "aws-managed-policies-attached",
        config: { "residency-config-valid": { approvedAwsPrincipals: ["auditor", "configured", "exporter", "partner", "reader", "support", "uploader"] } },
        // A holder not known at preview is never approved.
        expected: [
            [
                "autonamed",
                "IAM role 'autonamed' holds the AWS managed policy 'AmazonS3ReadOnlyAccess', and a holder not known at preview is not in 'approvedAwsPrincipals': its document is not in the stack, so it may read, change or delete US user data in any store of the account. Grant a policy of the stack's own that reaches no US store, or approve the principal.",
            ],
        ],
    },
    {
        what: "reads the ACL grants of US buckets: another account's canonical user or an email address, but not the ACL's owner, log delivery or an inline grant to an id not known at preview",
        program: "s3-acl-grants-to-accounts",
        expected: [
            [
                "us-exports",
                "an ACL grant of 'us-exports' (us-user-data) gives 'fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210' access, not in 'approvedAwsPrincipals'. Remove the grant (ACLs disabled, BucketOwnerEnforced) or approve the grantee.",
            ],
            [
                "us-users-acl",
                "ACL 'us-users-acl' of 'us-users' (us-user-data) gives 'fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210' access, not in 'approvedAwsPrincipals'. Remove the grant (ACLs disabled, BucketOwnerEnforced) or approve the grantee.",
            ],
            [
                "us-users-acl",
                "ACL 'us-users-acl' of 'us-users' (us-user-data) gives 'ops@partner.example' access, not in 'approvedAwsPrincipals'. Remove the grant (ACLs disabled, BucketOwnerEnforced) or approve the grantee.",
            ],
        ],
    },
    {
        what: "passes those ACL grants once the grantees are approved",
        program: "s3-acl-grants-to-accounts",
        config: {
            "residency-config-valid": { approvedAwsPrincipals: ["fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210", "ops@partner.example"] },
        },
        expected: [],
    },
    {
        what: "reads an access point's own policy as a resource policy of its bucket",
        program: "us-bucket-access-point",
        expected: [
            [
                "partner-ap",
                "resource policy 'partner-ap' of 'us-users' (us-user-data) allows arn:aws:iam::222222222222:role/partner-ingest, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
        ],
    },
    {
        what: "an approved group's members must be approved too, however the stack adds them",
        program: "aws-approved-group-members",
        config: { "residency-config-valid": { approvedAwsPrincipals: ["analysts", "alice"] } },
        expected: [
            [
                "analysts-members",
                "'analysts-members' adds 'mallory' to 'analysts', an approved group, and that user is not in 'approvedAwsPrincipals'. Approve the user, or keep them out of the group.",
            ],
            [
                "analysts-members",
                "'analysts-members' adds a user not known at preview to 'analysts', an approved group, and that user is not in 'approvedAwsPrincipals'. Approve the user, or keep them out of the group.",
            ],
            [
                "bob-groups",
                "'bob-groups' adds 'bob' to 'analysts', an approved group, and that user is not in 'approvedAwsPrincipals'. Approve the user, or keep them out of the group.",
            ],
        ],
    },
]);
