/**
 * Destinations outside the stack for the cases of issue 20: at home they are approved external destinations
 * (the config below), abroad they are a look-alike no entry approves, in another country.
 */
import type { Where } from "./evasionCase";
import { HOME } from "./evasionCase";

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** What the controls send to outside the stack by ARN, in us-east-1 (the cases send to the same ARNs abroad). */
const APPROVED_ARNS = [
    "arn:aws:datasync:us-east-1:111122223333:agent/agent-0123456789abcdef0",
    "arn:aws:datasync:us-east-1:111122223333:agent/agent-0abc",
    "arn:aws:datasync:us-east-1:111122223333:location/loc-0f1e2d3c4b5a69788",
    "arn:aws:logs:us-east-1:444455556666:destination:central-logs",
    "arn:aws:logs:us-east-1:111122223333:destination:central",
    "arn:aws:dms:us-east-1:111122223333:rep:MIGRATIONINSTANCE",
    "arn:aws:dms:us-east-1:111122223333:endpoint:USERSSOURCE",
    "arn:aws:dms:us-east-1:111122223333:endpoint:USERSTARGET",
    "arn:aws:sns:us-east-1:111122223333:oncall",
];

/**
 * Stores of other stacks and accounts the controls send to, at home (an approved region is not enough: the stack that
 * owns a store decides its class and its copies), with where each is. The cases send to the same names abroad, or fail
 * for another reason where the name is the same (the volume backup a copy is made from, the gateway of a deployment).
 */
const APPROVED_STORES: [string, string][] = [
    ["search-logs-abc123.us-east-1.es.amazonaws.com", "aws:us-east-1"],
    ["https://sqs.us-east-1.amazonaws.com/111122223333/users", "aws:us-east-1"],
    ["arn:aws:sqs:us-east-1:111122223333:users-out", "aws:us-east-1"],
    // An AWS Organizations backup policy copies to the vault of that name in every member account.
    ["arn:aws:backup:us-east-1:$account:backup-vault:Default", "country:US"],
    // OCIDs written as literals (no dependency on a resource of the stack).
    ["ocid1.dbsystem.oc1.us-phoenix-1.amaaaaaabillingstandby", "oci:us-phoenix-1"],
    ["ocid1.volumebackup.oc1.iad.abuwcljrledgerbackup", "oci:us-ashburn-1"],
    ["ocid1.apigateway.oc1.iad.aaaagw", "country:US"],
    ["ocid1.stream.oc1.us-phoenix-1.aaaastream", "oci:us-phoenix-1"],
    ["ocid1.onstopic.oc1.phx.aaaaoncall", "oci:us-phoenix-1"],
    ["ocid1.onstopic.oc1.phx.aaaatopic", "oci:us-phoenix-1"],
    ["ocid1.log.oc1.us-phoenix-1.aaaaapplog", "oci:us-phoenix-1"],
];

/** The policy config of the cases: third parties approved for US user data, in the United States. */
export function approvedExternals(): Record<string, unknown> {
    const entry = (destination: string, location = "country:US") => ({
        destination,
        location,
        dataClasses: ["us-user-data", "non-us-user-data"],
        reason: "Contracted processor in the United States, reviewed by privacy",
        ticket: "PRIV-2041",
        expires: inDays(120),
    });
    return {
        "residency-config-valid": {
            approvedExternalDestinations: [
                entry("*.partner.example"),
                entry("partner.example"),
                entry("tel:+15550100001"),
                entry("s3://acme-partner-drop/*"),
                entry("oci://partner-drop@partnerns/*"),
                entry("*.datadoghq.com"),
                entry("slack.com"),
                // Resources of other accounts, or outside the program, that pass on what they are sent: by exact ARN.
                ...APPROVED_ARNS.map((arn) => entry(arn)),
                ...APPROVED_STORES.map(([destination, location]) => entry(destination, location)),
            ],
        },
    };
}

/** The external destination a case sends to: approved at home, unapproved abroad. */
export function ext(w: Where) {
    const home = w === HOME || w.aws === HOME.aws;
    return {
        host: home ? "hooks.partner.example" : "hooks.partner-eu.example",
        url: (path = "/v1/events") => `https://${home ? "hooks.partner.example" : "hooks.partner-eu.example"}${path}`,
        email: home ? "privacy@partner.example" : "privacy@partner-eu.example",
        phone: home ? "+15550100001" : "+6561234567",
        bucket: home ? "acme-partner-drop" : "acme-partner-drop-eu",
        ociBucket: home ? "partner-drop" : "partner-drop-eu",
        datadog: home ? "http-intake.logs.datadoghq.com" : "http-intake.logs.datadoghq.eu",
    };
}
