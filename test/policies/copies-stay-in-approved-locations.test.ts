import { ruleTable } from "./judge";

const APPROVED_US = "oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1";
const LOGS_SINGAPORE = "arn:aws:logs:ap-southeast-1:111122223333:destination:archive";
const LOGS_VIRGINIA = "arn:aws:logs:us-east-1:111122223333:destination:archive";
const fromOutside = (path: string, arn: string) =>
    ` (it takes data from nothing in this stack and '${path}' names '${arn}', outside it: held to the rules for us-user-data)`;
const FORWARDS = "the ARN of a resource outside this stack that may pass on what it is sent to any region";
const storeOutside = (location: string) =>
    `a store outside this stack, in ${location}: the stack or account that owns it decides its data class, who may read it and where it copies what it keeps`;
/** `via`: what the resource takes its data from (`from` names `source`), where it names `arn`, and why that is outside. */
const outsideDestination = (name: string, arn: string, via = { from: "destinationArn", source: arn, path: "destinationArn", note: FORWARDS }) =>
    `'${name}' holds or moves us-user-data${fromOutside(via.from, via.source)} and '${via.path}' names '${arn}' (an ARN): '${arn}' is outside this stack (${via.note}) and no approved external destination in force allows us-user-data there. Point it at a resource of this stack in an approved location, or have the destination approved in 'approvedExternalDestinations' of residency-config-valid (with its location, classes, reason, ticket and expiry).`;
const SQS_VIRGINIA = "arn:aws:sqs:us-east-1:111122223333:users-events";
const SQS_SINGAPORE = "arn:aws:sqs:ap-southeast-1:111122223333:archive";

const intoBucketOutside = (name: string) =>
    `'${name}' holds or moves us-user-data and 'bucket' names 'archive-bucket-elsewhere' (a bucket name ('bucket')): 's3://archive-bucket-elsewhere' is outside this stack and no approved external destination in force allows us-user-data there. Point it at a resource of this stack in an approved location, or have the destination approved in 'approvedExternalDestinations' of residency-config-valid (with its location, classes, reason, ticket and expiry).`;

ruleTable("copies-stay-in-approved-locations", [
    {
        what: "an object written into a bucket outside the stack is a copy there, its 'bucket' an input that names another resource, not the object itself; an object in the stack's own bucket passes",
        program: "objects-into-buckets-outside-the-stack",
        expected: [
            ["copy-outside", intoBucketOutside("copy-outside")],
            ["export-outside", intoBucketOutside("export-outside")],
        ],
        code: 1,
    },
    {
        what: "a copy that takes data from nothing in the stack and names a cloud resource outside it is held to the rules for us-user-data, whatever its label: its data comes from outside",
        program: "copies-from-outside-the-stack",
        expected: [
            [
                "outside-labelled-to-singapore",
                `region named by 'outside-labelled-to-singapore' ('ap-southeast-1' at 'target') copies us-user-data${fromOutside("source", "arn:aws:sqs:us-east-1:111122223333:users-events")} to its destination in aws:ap-southeast-1, which is not approved for us-user-data. Approved: ${APPROVED_US}. Change 'target' or remove the copy. If 'target' is not where data goes, classify aws:pipes/pipe:Pipe in policies/model/catalogue (see README, 'Classifying a resource type').`,
            ],
            // A queue of another stack is a store outside this one, even in an approved region: its owner decides its class and copies.
            [
                "outside-labelled-to-singapore",
                outsideDestination("outside-labelled-to-singapore", SQS_VIRGINIA, {
                    from: "source",
                    source: SQS_VIRGINIA,
                    path: "source",
                    note: storeOutside("aws:us-east-1"),
                }),
            ],
            [
                "outside-labelled-to-singapore",
                outsideDestination("outside-labelled-to-singapore", SQS_SINGAPORE, {
                    from: "source",
                    source: SQS_VIRGINIA,
                    path: "target",
                    note: storeOutside("aws:ap-southeast-1"),
                }),
            ],
            [
                "outside-to-singapore",
                `region named by 'outside-to-singapore' ('ap-southeast-1' at 'destinationArn') copies us-user-data${fromOutside("destinationArn", LOGS_SINGAPORE)} to its destination in aws:ap-southeast-1, which is not approved for us-user-data. Approved: ${APPROVED_US}. Change 'destinationArn' or remove the copy. If 'destinationArn' is not where data goes, classify aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter in policies/model/catalogue (see README, 'Classifying a resource type').`,
            ],
            ["outside-to-singapore", outsideDestination("outside-to-singapore", LOGS_SINGAPORE)],
            ["outside-to-virginia", outsideDestination("outside-to-virginia", LOGS_VIRGINIA)],
        ],
        code: 1,
    },
    {
        what: "passes OCI replication from us-ashburn-1 to a hardened bucket in us-phoenix-1, modelled as one copy into the Phoenix bucket",
        program: "compliant-oci-replication-to-phoenix",
        expected: [],
        code: 0,
        check: (j) => {
            const flows = j.doc.flows.map((f) => [
                f.kind,
                f.property,
                f.sourceClass,
                f.destination.location ?? f.destination.resources?.map((u) => u.split("::").pop()),
            ]);
            // One replication policy is one copy: its bucket and region name the same destination.
            expect(flows).toEqual([["replication", "destinationBucketName + destinationRegionName", "us-user-data", ["us-users-dr"]]]);
        },
    },
    {
        what: "passes a block volume replica in a Phoenix availability domain ('Uocm:PHX-AD-2')",
        program: "oci-volume-replica-phx-ad",
        expected: [],
        check: (j) => expect(j.doc.flows.find((f) => f.kind === "replica")?.destination).toEqual({ location: "oci:us-phoenix-1" }),
    },
    {
        what: "passes a block volume replica in an Ashburn availability domain, read from the real AD name 'Uocm:US-ASHBURN-AD-1'",
        program: "oci-volume-replica-us-ad",
        expected: [],
        code: 0,
        check: (j) => expect(j.doc.flows.find((f) => f.kind === "replica")?.destination).toEqual({ location: "oci:us-ashburn-1" }),
    },
    {
        what: "rejects S3 replication to a bucket of the stack in eu-west-1, naming the replication config, the destination and the property to change",
        program: "s3-replication-foreign-bucket",
        expected: [
            [
                "us-users-replication",
                "replication of us-users via 'us-users-replication'.rules[0].destination.bucket copies us-user-data to 'users-replica' in aws:eu-west-1, which is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Change 'rules[0].destination.bucket' or remove the copy.",
            ],
        ],
        level: "mandatory",
        code: 1,
    },
    {
        what: "rejects OCI replication to Singapore named by its region key, normalizing 'SIN' to oci:ap-singapore-1",
        program: "oci-bucket-replication-region-key",
        expected: [
            [
                "us-users-replication",
                /copies us-user-data to its destination in oci:ap-singapore-1, which is not approved for us-user-data\..*Change 'destinationRegionName' or remove the copy\.$/,
            ],
        ],
        check: (j) => expect(j.doc.flows.map((f) => f.destination.location)).toEqual(["oci:ap-singapore-1"]),
    },
    {
        // The plan's target vault name is unknown at preview: each vault its rules depend on is a possible target, the foreign one too.
        what: "rejects a backup copy action to a vault in eu-west-1, naming the plan and the copy action",
        program: "backup-plan-copy-to-stack-vault",
        expected: [
            ["us-users-plan", /^backup of us-users via 'us-users-plan'\.rules\[0\]\.targetVaultName copies us-user-data to 'dr-vault' in aws:eu-west-1/],
            [
                "us-users-plan",
                /^backup-copy of us-users via 'us-users-plan'\.rules\[0\]\.copyActions\[0\]\.destinationVaultArn copies us-user-data to 'dr-vault' in aws:eu-west-1/,
            ],
        ],
    },
    {
        what: "an instance's boot image or volume is where it boots from, not a destination: an image in another region is no copy, a region in its metadata is",
        program: "oci-instances-boot-sources",
        expected: [
            [
                "exporter",
                /^region named by 'exporter' \('eu-frankfurt-1' at 'metadata\.EXPORT_REGION'\) copies us-user-data to its destination in oci:eu-frankfurt-1/,
            ],
        ],
        level: "mandatory",
        code: 1,
    },
    {
        what: "a snapshot or image of user data shared with another account (or everyone) is a copy to where that account takes it, which cannot be determined, for US and non-US data alike; a share with no account is none",
        program: "snapshots-shared-with-accounts",
        expected: [
            [
                "accounts-shared",
                "share of accounts via 'accounts-shared'.resourceArn copies us-user-data, but where its destination is cannot be determined: 'resourceShareArn' shares it with the principals of that resource share, which may copy it to any region. Remove the share: copy what the other account needs to a store of this stack in an approved location instead.",
            ],
            [
                "accounts-snap",
                "share of accounts-snap via 'accounts-snap'.sharedAccounts copies us-user-data, but where its destination is cannot be determined: 'sharedAccounts' shares it with an account not known at preview, which may copy it to any region. Remove the share: copy what the other account needs to a store of this stack in an approved location instead.",
            ],
            [
                "apac-snap",
                "share of apac-snap via 'apac-snap'.sharedAccounts copies non-us-user-data, but where its destination is cannot be determined: 'sharedAccounts' shares it with '999988887777', which may copy it to any region. Remove the share: copy what the other account needs to a store of this stack in an approved location instead.",
            ],
            [
                "app-image-public",
                "share of app-image via 'app-image-public'.group copies us-user-data, but where its destination is cannot be determined: 'group' shares it with every AWS account ('all': public), which may copy it to any region. Remove the share: copy what the other account needs to a store of this stack in an approved location instead.",
            ],
            [
                "data-snap-partner",
                "share of data-snap via 'data-snap-partner'.accountId copies us-user-data, but where its destination is cannot be determined: 'accountId' shares it with '999988887777', which may copy it to any region. Remove the share: copy what the other account needs to a store of this stack in an approved location instead.",
            ],
        ],
        level: "mandatory",
        code: 1,
    },
]);
