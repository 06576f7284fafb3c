/**
 * Issue 20, item 2, on OCI: notification subscriptions, API gateway backends, function configuration,
 * GoldenGate connections and event actions that name a place outside the stack or in another region.
 */
import { ociAdb, ociBucket, ociHome } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { approvedExternals, ext } from "../dsl/external";
import { COMPARTMENT, type Res, type Stack, US } from "../dsl/stack";

const config = approvedExternals;

function usTopic(s: Stack, ash: Res): Res {
    return s.add(
        "oci:Ons/notificationTopic:NotificationTopic",
        "user-notices",
        { compartmentId: COMPARTMENT, name: "user-notices", freeformTags: US },
        { provider: ash },
    );
}

function onsSubscription(id: string, protocol: string, endpoint: (e: ReturnType<typeof ext>) => string, how: string): EvasionCase {
    return evasion({
        id,
        how,
        config,
        build: (s, w) => {
            const { ash } = ociHome(s);
            const topic = usTopic(s, ash);
            s.add(
                "oci:Ons/subscription:Subscription",
                `${id}-sub`,
                { compartmentId: COMPARTMENT, topicId: topic.id, protocol, endpoint: endpoint(ext(w)) },
                { provider: ash },
            );
        },
        offenders: [`${id}-sub`],
        message: /no approved external destination/,
    });
}

function usFunctionApp(s: Stack, ash: Res): Res {
    return s.add(
        "oci:Functions/application:Application",
        "users-app",
        { compartmentId: COMPARTMENT, displayName: "users-app", subnetIds: ["ocid1.subnet.oc1.iad.aaaaapp"], shape: "GENERIC_X86" },
        { provider: ash },
    );
}

export const ociDestinations: EvasionCase[] = [
    onsSubscription("oci-ons-email-external", "EMAIL", (e) => e.email, "an OCI notification topic of US notices with an email subscription to another company"),
    onsSubscription(
        "oci-ons-https-webhook-external",
        "CUSTOM_HTTPS",
        (e) => e.url("/ons"),
        "an OCI notification topic of US notices posting to a partner's HTTPS endpoint",
    ),
    onsSubscription(
        "oci-ons-slack-webhook-external",
        "SLACK",
        (e) => `https://hooks.${e.host.replace(/^hooks\./, "")}/services/T0/B0/x`,
        "an OCI notification topic of US notices posting to a chat webhook of another company",
    ),
    onsSubscription("oci-ons-sms-foreign-number", "SMS", (e) => e.phone, "an OCI notification topic of US notices sending SMS to a phone number"),
    onsSubscription(
        "oci-ons-pagerduty-external",
        "PAGERDUTY",
        (e) => `https://events.${e.host.replace(/^hooks\./, "")}/integration/abc/enqueue`,
        "an OCI notification topic of US notices feeding an incident service",
    ),
    evasion({
        id: "oci-function-config-webhook",
        how: "an OCI function reading the US bucket (named in its config) that posts to a webhook in its config",
        config,
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            ociBucket(s, "users-profiles", ash, key);
            const app = usFunctionApp(s, ash);
            s.add(
                "oci:Functions/function:Function",
                "profiles-forwarder",
                {
                    applicationId: app.id,
                    displayName: "profiles-forwarder",
                    memoryInMbs: "256",
                    image: "iad.ocir.io/acmecorp/forwarder:1.0.0",
                    config: { SOURCE_BUCKET: "users-profiles", FORWARD_TO: ext(w).url("/profiles") },
                    freeformTags: US,
                },
                { provider: ash },
            );
        },
        offenders: ["profiles-forwarder"],
        message: /FORWARD_TO/,
    }),
    evasion({
        id: "oci-functions-app-syslog-external",
        how: "an OCI functions application whose functions read the US bucket and whose syslog (function output) goes to an outside collector",
        config,
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const bucket = ociBucket(s, "users-profiles", ash, key);
            s.add(
                "oci:Functions/application:Application",
                "profiles-app",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "profiles-app",
                    subnetIds: ["ocid1.subnet.oc1.iad.aaaaapp"],
                    config: { SOURCE_BUCKET: bucket.out("name") },
                    syslogUrl: `tcp://syslog.${ext(w).host.replace(/^hooks\./, "")}:6514`,
                    freeformTags: US,
                },
                { provider: ash },
            );
        },
        offenders: ["profiles-app"],
        message: /syslogUrl/,
    }),
    evasion({
        id: "oci-apigateway-http-backend-external",
        how: "an OCI API deployment serving US profiles from a function and forwarding another route to a partner's URL",
        config,
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            ociBucket(s, "users-profiles", ash, key);
            const app = usFunctionApp(s, ash);
            const fn = s.add(
                "oci:Functions/function:Function",
                "profiles-reader",
                {
                    applicationId: app.id,
                    displayName: "profiles-reader",
                    memoryInMbs: "256",
                    image: "iad.ocir.io/acmecorp/reader:1.0.0",
                    config: { SOURCE_BUCKET: "users-profiles" },
                    freeformTags: US,
                },
                { provider: ash },
            );
            s.add(
                "oci:ApiGateway/deployment:Deployment",
                "profiles-api",
                {
                    compartmentId: COMPARTMENT,
                    gatewayId: "ocid1.apigateway.oc1.iad.aaaagw",
                    pathPrefix: "/profiles",
                    specification: {
                        routes: [
                            { path: "/{id}", methods: ["GET"], backend: { type: "ORACLE_FUNCTIONS_BACKEND", functionId: fn.id } },
                            { path: "/export", methods: ["POST"], backend: { type: "HTTP_BACKEND", url: ext(w).url("/export") } },
                        ],
                    },
                },
                { provider: ash },
            );
        },
        offenders: ["profiles-api"],
        message: /specification\.routes\[1\]\.backend\.url/,
    }),
    evasion({
        id: "oci-goldengate-connection-external-host",
        how: "an OCI GoldenGate connection to the US Autonomous Database beside a target connection on a partner's database host",
        config,
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const adb = ociAdb(s, "users-adb", ash, key);
            s.add(
                "oci:GoldenGate/connection:Connection",
                "users-to-partner",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "users-to-partner",
                    connectionType: "POSTGRESQL",
                    technologyType: "POSTGRESQL_SERVER",
                    databaseName: "users",
                    host: `pg.${ext(w).host.replace(/^hooks\./, "")}`,
                    port: 5432,
                    username: "gg",
                    password: "x",
                    securityProtocol: "TLS",
                    additionalAttributes: [{ name: "source", value: adb.out("dbName") }],
                },
                { provider: ash },
            );
        },
        offenders: ["users-to-partner"],
        message: /no approved external destination/,
    }),
    evasion({
        id: "oci-events-rule-condition-names-us-bucket",
        config: approvedExternals,
        how: "an OCI events rule whose condition names the US bucket (inside its JSON) and whose action streams the events to Singapore",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            ociBucket(s, "users-uploads", ash, key);
            s.add(
                "oci:Events/rule:Rule",
                "uploads-events",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "uploads-events",
                    isEnabled: true,
                    condition: JSON.stringify({
                        eventType: ["com.oraclecloud.objectstorage.createobject"],
                        data: { additionalDetails: { bucketName: "users-uploads" } },
                    }),
                    actions: { actions: [{ actionType: "OSS", isEnabled: true, streamId: `ocid1.stream.oc1.${w.oci}.aaaastream` }] },
                },
                { provider: ash },
            );
        },
        offenders: ["uploads-events"],
        message: /ap-singapore-1/,
    }),
];
