/**
 * The evasion fixtures (test/fixtures/evasion: one small Pulumi program each) and what must reject each: a mandatory
 * violation of the named policy, naming the offending resource and saying what to change. Judged in memory, each
 * program built with the graph builder (fixtures.test.ts), and, one per family, end to end through the offline
 * preview and the pack started as the CLI starts it (fixtures.e2e.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { FIXTURES } from "../support/offlinePreview";

export const EVASION_DIR = path.join(FIXTURES, "evasion");

/** The fixture's policy config (its policy-config.json), for the cases that run with one. */
export function fixtureConfig(c: EvasionCase): Record<string, unknown> | undefined {
    return c.config ? (JSON.parse(fs.readFileSync(path.join(EVASION_DIR, c.fixture, "policy-config.json"), "utf8")) as Record<string, unknown>) : undefined;
}

export interface EvasionCase {
    /** Directory under test/fixtures/evasion. */
    fixture: string;
    /** The policy that must reject it with a mandatory violation. */
    policy: string;
    /** `v.name` of that violation: the resource to change. */
    resource: string;
    /** What the message must say: the diagnosis and the change to make. */
    message: RegExp;
    /** Run with the fixture's policy-config.json. */
    config?: boolean;
    /** Further mandatory violations the run must carry (any resource; stack-wide ones have no name). */
    also?: { policy: string; message: RegExp }[];
}

const LOCATION = "us-user-data-in-approved-locations";
const CLASSIFIED = "data-stores-classified";
const COPIES = "copies-stay-in-approved-locations";
const KEYS = "keys-in-approved-locations";
const PUBLIC = "no-public-access-to-user-data";
const ACCESS = "access-only-for-us-custodians";
const CONFIG = "residency-config-valid";
/** Resource policies: decided from the store alone, in Analyze, before it is created. */
const LABELLED_STORE = "store-in-location-approved-for-its-label";
const OWN_COPIES = "own-copies-to-approved-regions";

export const CASES: EvasionCase[] = [
    // Where a store lands: every route a region can take.
    {
        fixture: "default-region-from-config",
        policy: LABELLED_STORE,
        resource: "us-users",
        message:
            /is labelled us-user-data and is in aws:ap-southeast-1 \(from 'aws:region' of the default provider \(stack config\)\).*not approved for us-user-data.*Move it there/,
    },
    {
        fixture: "region-from-environment",
        policy: LABELLED_STORE,
        resource: "us-users",
        message: /location is unknown: the default aws provider has no 'aws:region' in stack config.*environment.*Pin it: set 'region'/,
    },
    {
        fixture: "resource-region-override",
        policy: LABELLED_STORE,
        resource: "us-users",
        message: /in aws:eu-west-1 \(from the resource's 'region' input\).*Move it there/,
    },
    {
        fixture: "component-inherited-provider",
        policy: LABELLED_STORE,
        resource: "us-users-bucket",
        message: /in aws:eu-central-1 \(from 'region' of provider 'aws-eu-central-1'\).*Move it there/,
    },
    {
        fixture: "provider-default-tags",
        policy: LABELLED_STORE,
        resource: "us-users",
        message: /^'us-users' is labelled us-user-data and is in aws:eu-west-1 \(from 'region' of provider 'aws-eu-west-1'\).*Move it there/,
    },
    {
        fixture: "stack-config-default-tags",
        policy: LABELLED_STORE,
        resource: "us-users",
        message: /^'us-users' is labelled us-user-data and is in aws:eu-west-1 \(from 'aws:region' of the default provider.*Move it there/,
    },
    {
        fixture: "unknown-provider-region",
        policy: LABELLED_STORE,
        resource: "us-users",
        message: /location is unknown: 'region' of provider 'aws-somewhere' is not known at preview.*Pin it/,
    },
    {
        fixture: "unknown-region-name",
        policy: LABELLED_STORE,
        resource: "us-users",
        message: /location is invalid:.*'mars-north-1' is not a known AWS region.*Pin it/,
    },
    {
        fixture: "tainted-non-us-bucket",
        policy: LOCATION,
        resource: "apac-users",
        message: /holds us-user-data in aws:ap-southeast-1.*Move it there.*receives a copy: replication of us-users via 'us-to-apac'/,
        also: [{ policy: COPIES, message: /copies us-user-data to 'apac-users' in aws:ap-southeast-1/ }],
    },
    {
        fixture: "expired-transitional-approval",
        policy: LABELLED_STORE,
        resource: "us-users-legacy",
        config: true,
        message: /aws:eu-west-1 was approved for us-user-data only until 2026-06-30.*Move it there/,
    },
    {
        fixture: "expired-exemption",
        policy: LABELLED_STORE,
        resource: "us-users-migrating",
        config: true,
        message: /in aws:eu-west-1 .*not approved for us-user-data.*Move it there/,
        also: [
            {
                policy: CONFIG,
                message:
                    /exemption of 'us-users-migrating' from store-in-location-approved-for-its-label \(ticket RES-1234\) expired on 2026-10-31.*renew the exemption/,
            },
        ],
    },

    // What class a store holds: the label cannot be dodged.
    {
        fixture: "data-class-key-wrong-case",
        policy: CLASSIFIED,
        resource: "us-users",
        message: /tags\['Data-Class'\] is not spelled 'data-class'.*Set the 'data-class' label/,
        also: [{ policy: LOCATION, message: /held to the rules for us-user-data\) in aws:ap-southeast-1/ }],
    },
    {
        fixture: "data-class-value-wrong-case",
        policy: CLASSIFIED,
        resource: "us-users",
        message: /is 'US-USER-DATA'; allowed: us-user-data, non-us-user-data, no-user-data/,
    },
    {
        fixture: "data-class-unknown-at-preview",
        policy: CLASSIFIED,
        resource: "user-data",
        message: /cannot be known at preview \(tags\['data-class'\] is not known at preview\).*as a literal value/,
        also: [{ policy: LOCATION, message: /'user-data' holds us-user-data \(its data class is not known/ }],
    },
    {
        fixture: "missing-data-class",
        policy: CLASSIFIED,
        resource: "user-data",
        message: /has no 'data-class' label: set the 'data-class' label/,
        also: [{ policy: LOCATION, message: /'user-data' holds us-user-data \(its data class is not known/ }],
    },

    // Copies: replication, backups, replicas, snapshot copies.
    {
        fixture: "s3-replication-foreign-bucket",
        policy: COPIES,
        resource: "us-users-replication",
        message: /copies us-user-data to 'users-replica' in aws:eu-west-1.*Change 'rules\[0\]\.destination\.bucket'/,
    },
    {
        fixture: "s3-replication-external-arn",
        policy: COPIES,
        resource: "us-users-replication",
        message: /'arn:aws:s3:::partner-archive-eu', which is outside this stack.*Make the destination a resource of this stack/,
    },
    {
        fixture: "s3-replication-second-rule-external",
        policy: COPIES,
        resource: "us-users-replication",
        message: /rules\[1\]\.destination\.bucket.*partner-archive-eu/,
    },
    {
        fixture: "s3-inline-replication-configuration",
        policy: COPIES,
        resource: "us-users",
        message: /replicationConfiguration\.rules\[0\]\.destination\.bucket.*outside this stack.*Make the destination a resource of this stack/,
    },
    {
        fixture: "backup-plan-copy-action",
        policy: COPIES,
        resource: "us-users-plan",
        message: /backup-copy of us-users .*copyActions\[0\]\.destinationVaultArn.*aws:eu-west-1.*Change 'rules\[0\]\.copyActions\[0\]\.destinationVaultArn'/,
    },
    {
        fixture: "backup-plan-copy-to-stack-vault",
        policy: COPIES,
        resource: "us-users-plan",
        message: /backup-copy of us-users .*to 'dr-vault' in aws:eu-west-1.*Change 'rules\[0\]\.copyActions\[0\]\.destinationVaultArn'/,
    },
    {
        fixture: "backup-selection-by-tag",
        policy: COPIES,
        resource: "us-users-plan",
        message: /backup-copy .*copyActions\[0\]\.destinationVaultArn copies us-user-data.*'dr-vault' in aws:eu-west-1/,
    },
    {
        fixture: "dynamodb-replicas",
        policy: OWN_COPIES,
        resource: "us-sessions",
        message: /replica of us-sessions .*copies us-user-data to its destination in aws:eu-west-1.*Change 'replicas\[0\]\.regionName'/,
    },
    {
        fixture: "dynamodb-table-replica-foreign-provider",
        policy: COPIES,
        resource: "us-sessions-eu",
        message:
            /replica of us-sessions via 'us-sessions-eu'\.globalTableArn copies us-user-data to 'us-sessions-eu' in aws:eu-west-1.*Change 'globalTableArn'/,
    },
    {
        fixture: "rds-read-replica-foreign-region",
        policy: COPIES,
        resource: "accounts-read-eu",
        message: /replica of us-accounts .*replicateSourceDb copies us-user-data to 'accounts-read-eu' in aws:eu-west-1.*Change 'replicateSourceDb'/,
        also: [{ policy: LOCATION, message: /'accounts-read-eu' holds us-user-data in aws:eu-west-1.*receives a copy/ }],
    },
    { fixture: "rds-automated-backups-replication", policy: COPIES, resource: "us-accounts-backups-eu", message: /us-accounts.*aws:eu-west-1/ },
    {
        fixture: "ebs-snapshot-copy",
        policy: COPIES,
        resource: "us-data-snap-eu",
        message: /snapshot-copy of us-data-snap .*to 'us-data-snap-eu' in aws:eu-west-1.*Change 'sourceSnapshotId'/,
    },
    {
        fixture: "efs-replication-foreign-region",
        policy: COPIES,
        resource: "us-home-replication",
        message: /replication of us-home .*in aws:eu-west-1.*Change 'destination'/,
    },
    {
        fixture: "secrets-manager-replica",
        policy: OWN_COPIES,
        resource: "us-user-tokens",
        message: /replica of us-user-tokens .*in aws:eu-west-1.*Change 'replicas\[0\]\.region'/,
    },
    {
        fixture: "unknown-replica-region",
        policy: COPIES,
        resource: "us-sessions",
        message: /'replicas\[0\]\.regionName' is not known at preview.*set the destination region explicitly/,
    },
    {
        fixture: "oci-bucket-replication-singapore",
        policy: COPIES,
        resource: "us-users-replication",
        message: /copies us-user-data to its destination in oci:ap-singapore-1.*Change 'destinationRegionName'/,
    },
    {
        fixture: "oci-bucket-replication-region-key",
        policy: COPIES,
        resource: "us-users-replication",
        message: /in oci:ap-singapore-1.*Change 'destinationRegionName'/,
    },
    {
        fixture: "oci-bucket-replication-odd-casing",
        policy: COPIES,
        resource: "us-users-replication",
        message: /in oci:ap-singapore-1.*Change 'destinationRegionName'/,
    },
    {
        fixture: "oci-volume-backup-policy-cross-region",
        policy: COPIES,
        resource: "daily-dr",
        message:
            /backup-copy of us-data via 'daily-dr'\.destinationRegion copies us-user-data to its destination in oci:eu-frankfurt-1.*Change 'destinationRegion'/,
    },
    {
        fixture: "oci-block-volume-replica-foreign-ad",
        policy: OWN_COPIES,
        resource: "us-data",
        message:
            /blockVolumeReplicas\[0\]\.availabilityDomain copies us-user-data to its destination in oci:eu-frankfurt-1.*Change 'blockVolumeReplicas\[0\]\.availabilityDomain'/,
    },
    {
        fixture: "oci-mysql-backup-copy",
        policy: OWN_COPIES,
        resource: "us-accounts",
        message:
            /backupPolicy\.copyPolicies\[0\]\.copyToRegion copies us-user-data to its destination in oci:eu-frankfurt-1.*Change 'backupPolicy\.copyPolicies\[0\]\.copyToRegion'/,
    },
    {
        fixture: "oci-mysql-backup-policy-unknown",
        policy: COPIES,
        resource: "us-accounts",
        message: /backupPolicy\.copyPolicies' is not known at preview.*set the destination region explicitly/,
    },
    {
        fixture: "oci-fs-replication-foreign-fs",
        policy: COPIES,
        resource: "us-home-replication",
        message: /replication of us-home .*to 'home-dr' in oci:eu-frankfurt-1.*Change 'targetId'/,
    },

    // Keys of US user data and their replicas.
    {
        fixture: "kms-replica-key",
        policy: KEYS,
        resource: "us-users-key-eu",
        message: /key replica 'us-users-key-eu' puts a key that protects us-user-data in aws:eu-west-1.*Remove the replica/,
    },
    {
        fixture: "kms-key-foreign-region",
        policy: KEYS,
        resource: "us-users",
        message: /the key 'users-key' of 'us-users' \(us-user-data\) is in aws:eu-west-1.*Use a key in an approved location/,
    },
    {
        fixture: "oci-vault-replica",
        policy: KEYS,
        resource: "us-vault-replica",
        message: /key replica 'us-vault-replica' puts a key that protects us-user-data in oci:eu-frankfurt-1.*Remove the replica/,
    },

    // Reach: public access and grants.
    {
        fixture: "s3-public-acl",
        policy: PUBLIC,
        resource: "us-users-acl",
        message: /'us-users-acl' gives bucket 'us-users' \(user data\) the ACL 'public-read'\. Use 'private'/,
    },
    { fixture: "oci-public-bucket", policy: PUBLIC, resource: "us-users", message: /accessType 'ObjectRead'\. Set accessType 'NoPublicAccess'/ },
    {
        fixture: "oci-iam-non-us-staff",
        policy: ACCESS,
        resource: "support-read",
        config: true,
        message: /grants 'read objects' to sg-support-staff, configured as staff outside the US\. Remove that grant/,
    },
    {
        fixture: "oci-iam-non-custodian-group",
        policy: ACCESS,
        resource: "contractors-objects",
        message: /grants 'manage objects' .* to contractors, which reaches US user data but is not an approved US custodian group.*Remove the grant/,
    },
    { fixture: "oci-iam-permission-list", policy: ACCESS, resource: "contractors-read", message: /contractors/ },
    { fixture: "oci-iam-any-condition", policy: ACCESS, resource: "contractors-read", message: /contractors/ },
    { fixture: "aws-iam-wildcard-bucket-arn", policy: ACCESS, resource: "analytics-read", message: /'analytics-offshore' is not in 'approvedAwsPrincipals'/ },
];
