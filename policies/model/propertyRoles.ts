/**
 * What some properties are, precisely, where reading every reference as "takes data from it and may send data
 * to it" would be wrong. Each entry names the type and the properties, with the provider docs' reason. A
 * property not listed is read the fail-closed way: its references are inputs, and its values are places.
 */

interface PropertyRole {
    props: readonly string[];
    reason: string;
}

/**
 * What a value must look like for a role that skips destinations to hold: a wrong entry (a property that is, after
 * all, where the resource sends) then meets values of another shape, which are read the fail-closed way, and shows
 * as a false alarm rather than a silent pass.
 */
type ValueShape =
    "host names" | "JSON Schema" | "GraphQL schema" | "callers" | "code locations" | "mail recipients" | "metric names" | "bucket names" | "ARN patterns";

interface ShapedPropertyRole extends PropertyRole {
    shape: ValueShape;
}

/** Whether `type`.`path` is in `table`, and, for a role with a value shape, `found` (when known) has that shape. */
function inTable(table: Record<string, PropertyRole | ShapedPropertyRole>, type: string, path: string, found?: FoundIn): boolean {
    if (!Object.hasOwn(table, type)) return false;
    const role = table[type];
    return matches(role, path) && (!("shape" in role) || hasShape(role.shape, path, found));
}

/** Properties that name a resource only to watch its metrics: the watcher takes no data from it. */
const NAMES_METRICS_OF: Record<string, ShapedPropertyRole> = {
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        props: ["dimensions", "metricQueries", "metricName", "namespace"],
        reason: "metric dimensions name the resource whose CloudWatch metrics (numbers) the alarm reads",
        shape: "metric names",
    },
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
        props: ["alarmRule"],
        reason: "the rule names other alarms, whose states it reads",
        shape: "metric names",
    },
    "aws:autoscaling/policy:Policy": {
        props: ["targetTrackingConfiguration", "stepAdjustments"],
        reason: "scaling reads metrics of what it names",
        shape: "metric names",
    },
    "aws:appautoscaling/policy:Policy": {
        props: ["targetTrackingScalingPolicyConfiguration", "stepScalingPolicyConfiguration"],
        reason: "scaling reads metrics of what it names",
        shape: "metric names",
    },
    "oci:Monitoring/alarm:Alarm": {
        props: ["query", "metricCompartmentId", "namespace", "resourceGroup"],
        reason: "the query names metrics (numbers) to read",
        shape: "metric names",
    },
};

/**
 * Properties that name where a resource reads its code, image or definition when it is deployed: sources,
 * never places data is sent to (their classes still reach the resource, as any input's do).
 */
const READS_CODE_FROM: Record<string, ShapedPropertyRole> = {
    "aws:lambda/function:Function": {
        props: ["s3Bucket", "s3Key", "s3ObjectVersion", "imageUri", "code", "layers"],
        reason: "the deployment package or image the function runs",
        shape: "code locations",
    },
    "aws:lambda/layerVersion:LayerVersion": { props: ["s3Bucket", "s3Key", "s3ObjectVersion", "code"], reason: "the layer's package", shape: "code locations" },
    "aws:glue/job:Job": { props: ["command"], reason: "'command.scriptLocation' is the script the job runs", shape: "code locations" },
    "aws:elasticbeanstalk/applicationVersion:ApplicationVersion": {
        props: ["bucket", "key"],
        reason: "the source bundle of the version",
        shape: "code locations",
    },
    "aws:sagemaker/model:Model": {
        // Not the whole container: its 'environment' configures the serving code, and where that code sends inferences.
        props: ["image", "imageConfig", "modelDataUrl", "modelDataSource", "modelPackageName"].flatMap((p) => [`primaryContainer.${p}`, `containers[*].${p}`]),
        reason: "the model artifacts and image it serves",
        shape: "code locations",
    },
    "aws:codebuild/project:Project": { props: ["source", "secondarySources"], reason: "the source code it builds", shape: "code locations" },
    "aws:ecs/taskDefinition:TaskDefinition": {
        props: ["containerDefinitions<json>[*].image"],
        reason: "the image each container runs",
        shape: "code locations",
    },
    "aws:mwaa/environment:Environment": {
        props: ["sourceBucketArn", "dagS3Path", "pluginsS3Path", "requirementsS3Path", "startupScriptS3Path"],
        reason: "the DAGs and plugins it runs",
        shape: "code locations",
    },
    "aws:emr/cluster:Cluster": { props: ["bootstrapActions"], reason: "the scripts run when its nodes start", shape: "code locations" },
    "oci:DataFlow/application:Application": {
        props: ["fileUri", "archiveUri"],
        reason: "the application's code and its dependencies archive",
        shape: "code locations",
    },
    "aws:ses/receiptRule:ReceiptRule": {
        props: ["recipients"],
        reason: "the addresses whose incoming mail the rule takes in, not where it sends",
        shape: "mail recipients",
    },
    "aws:mskconnect/connector:Connector": { props: ["plugins"], reason: "the custom plugins (connector code) it runs", shape: "code locations" },
    "oci:Core/instance:Instance": {
        props: ["sourceDetails.sourceId"],
        reason: "the image or boot volume the instance boots from, whose data flows into it",
        shape: "code locations",
    },
};

/** Properties that name who may call a resource: callers, never places it sends data to. */
const NAMES_CALLERS: Record<string, ShapedPropertyRole> = {
    "aws:lambda/permission:Permission": {
        props: ["sourceArn", "sourceAccount", "principal", "principalOrgId", "eventSourceToken"],
        reason: "the service, account or resource allowed to invoke the function, which sends nothing there",
        shape: "callers",
    },
};

/**
 * Properties that hold the names a resource itself answers to (its DNS names, the hosts it matches requests on):
 * clients reach it by them, and it sends nothing there. Not a mapping or record that attaches another resource to
 * a name: that one is read, because it puts what it attaches behind the name.
 */
const NAMES_ITSELF: Record<string, ShapedPropertyRole> = {
    "aws:acm/certificate:Certificate": {
        props: ["domainName", "subjectAlternativeNames", "validationOptions"],
        reason: "the names the certificate is issued for, and the domains ACM validates them through",
        shape: "host names",
    },
    "aws:cloudfront/distribution:Distribution": {
        props: ["aliases"],
        reason: "the alternate domain names (CNAMEs) viewers reach the distribution by",
        shape: "host names",
    },
    "aws:apigateway/domainName:DomainName": { props: ["domainName"], reason: "the custom domain name the resource is", shape: "host names" },
    "aws:apigatewayv2/domainName:DomainName": { props: ["domainName"], reason: "the custom domain name the resource is", shape: "host names" },
    "aws:appsync/domainName:DomainName": { props: ["domainName"], reason: "the custom domain name the resource is", shape: "host names" },
    "aws:cognito/userPoolDomain:UserPoolDomain": { props: ["domain"], reason: "the domain of the user pool's hosted sign-in pages", shape: "host names" },
    "aws:route53/zone:Zone": { props: ["name"], reason: "the domain name the hosted zone answers for", shape: "host names" },
    "aws:route53/record:Record": {
        props: ["name"],
        reason: "the name the record answers for (where it points is 'records' and 'aliases')",
        shape: "host names",
    },
    "aws:lb/listenerRule:ListenerRule": {
        props: ["conditions[*].hostHeader"],
        reason: "the host names of the requests the rule matches (where it sends them is 'actions')",
        shape: "host names",
    },
};

/**
 * Outputs that are a resource's own address, assigned by its provider (an output only: a provider refuses a value
 * set for one, and so does the offline engine). A host equal to one names that resource, wherever the value is
 * (graph.ts, `matchAddress`); in the resource's own properties it is how clients reach it, not where it sends.
 */
const OWN_ADDRESSES: Record<string, PropertyRole> = {
    "aws:lb/loadBalancer:LoadBalancer": { props: ["dnsName"], reason: "the DNS name AWS assigns the load balancer" },
    "aws:alb/loadBalancer:LoadBalancer": { props: ["dnsName"], reason: "the DNS name AWS assigns the load balancer" },
    "aws:elb/loadBalancer:LoadBalancer": { props: ["dnsName"], reason: "the DNS name AWS assigns the load balancer" },
    "aws:apigatewayv2/api:Api": { props: ["apiEndpoint"], reason: "the URI of the API (its execute-api host)" },
    "aws:apigatewayv2/stage:Stage": { props: ["invokeUrl"], reason: "the URL that invokes the API through the stage" },
    "aws:apigateway/stage:Stage": { props: ["invokeUrl"], reason: "the URL that invokes the API through the stage" },
    "aws:lambda/functionUrl:FunctionUrl": { props: ["functionUrl"], reason: "the HTTPS URL AWS assigns the function" },
    "aws:apprunner/service:Service": { props: ["serviceUrl"], reason: "the URL AWS assigns the service" },
    "aws:elasticbeanstalk/environment:Environment": { props: ["cname", "endpointUrl"], reason: "the CNAME and load balancer URL of the environment" },
    "aws:apigateway/domainName:DomainName": {
        props: ["cloudfrontDomainName", "regionalDomainName"],
        reason: "the CloudFront or regional host AWS serves the custom domain from",
    },
    "aws:cloudfront/distribution:Distribution": { props: ["domainName"], reason: "the cloudfront.net host AWS assigns the distribution" },
    "aws:appsync/graphQLApi:GraphQLApi": { props: ["uris"], reason: "the GraphQL and real-time URLs AWS assigns the API" },
    "aws:eks/cluster:Cluster": { props: ["endpoint"], reason: "the Kubernetes API server's URL AWS assigns the cluster" },
    "aws:elasticache/cluster:Cluster": {
        props: ["cacheNodes", "clusterAddress", "configurationEndpoint"],
        reason: "the hosts AWS assigns the cache and its nodes (named by a region code such as use1, not a region)",
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        props: ["primaryEndpointAddress", "readerEndpointAddress", "configurationEndpointAddress"],
        reason: "the hosts AWS assigns the replication group (named by a region code such as use1, not a region)",
    },
    "aws:rds/cluster:Cluster": { props: ["endpoint", "readerEndpoint"], reason: "the writer and reader hosts AWS assigns the cluster" },
    "aws:rds/instance:Instance": { props: ["address", "endpoint"], reason: "the host (and host:port) AWS assigns the instance" },
    "aws:ec2/instance:Instance": { props: ["publicIp", "publicDns", "privateDns"], reason: "the public address and the DNS names AWS assigns the instance" },
    "aws:ec2/eip:Eip": { props: ["publicIp", "publicDns", "privateDns"], reason: "the public address AWS allocates, and its DNS names" },
    "oci:Core/instance:Instance": { props: ["publicIp", "privateIp"], reason: "the addresses OCI assigns the instance's primary VNIC" },
    "oci:ApiGateway/gateway:Gateway": { props: ["hostname"], reason: "the hostname OCI assigns the gateway" },
    "oci:Functions/function:Function": { props: ["invokeEndpoint"], reason: "the base URL OCI assigns for invoking the function" },
};

/** Properties that describe the shape of the data a resource takes (schemas): names of types, never places. */
const DESCRIBES_SHAPE: Record<string, ShapedPropertyRole> = {
    "aws:apigateway/model:Model": {
        props: ["schema"],
        reason: "the JSON Schema of a request or response body ('$schema' names its draft)",
        shape: "JSON Schema",
    },
    "aws:apigatewayv2/model:Model": {
        props: ["schema"],
        reason: "the JSON Schema of a request or response body ('$schema' names its draft)",
        shape: "JSON Schema",
    },
    "aws:appsync/graphQLApi:GraphQLApi": { props: ["schema"], reason: "the GraphQL schema (type definitions) of the API", shape: "GraphQL schema" },
};

/**
 * Properties a modelled flow reads and judges itself: a destination named beside its region (a replica bucket), the
 * sources a selection picks (flows/backup.ts).
 */
const JUDGED_BY_FLOW: Record<string, ShapedPropertyRole> = {
    "aws:datasync/locationObjectStorage:LocationObjectStorage": {
        props: ["bucketName"],
        reason: "a bucket on the server 'serverHostname' names, which is judged as the destination",
        shape: "bucket names",
    },
    "oci:ObjectStorage/replicationPolicy:ReplicationPolicy": {
        props: ["destinationBucketName"],
        reason: "the destination bucket is in 'destinationRegionName', which the replication flow judges",
        shape: "bucket names",
    },
    "aws:backup/selection:Selection": {
        props: ["resources", "notResources"],
        reason: "ARN patterns of the resources the selection backs up, or leaves out: what the plan copies from, not where",
        shape: "ARN patterns",
    },
};

/** The tables whose properties are not places data is sent to. */
const NOT_DESTINATION_TABLES = [READS_CODE_FROM, NAMES_CALLERS, NAMES_ITSELF, OWN_ADDRESSES, DESCRIBES_SHAPE, JUDGED_BY_FLOW];

function matches(role: PropertyRole | undefined, path: string): boolean {
    if (!role) return false;
    return role.props.some((p) => {
        if (p.includes("[*]")) {
            const re = new RegExp(`^${p.replace(/[.+?^${}()|\\]/g, "\\$&").replace(/\[\*\]/g, "\\[\\d+\\]")}(?:$|[.[<])`);
            return re.test(path);
        }
        return path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`) || path.startsWith(`${p}<`);
    });
}

/**
 * Whether `type`.`path` names a resource only to read its metrics (no data flows in from it). `found`: the value
 * there, when known; a URL, an address or a host there is not a metric's name and is read as any value is.
 */
export function namesMetricsOnly(type: string, path: string, found?: FoundIn): boolean {
    return inTable(NAMES_METRICS_OF, type, path, found);
}

/** What is known of the value a destination was found in: the string found there, and the resource's properties. */
export interface FoundIn {
    literal: string;
    props: Record<string, unknown> | undefined;
}

/** A DNS name, or a wildcard one, as certificates, aliases and host conditions hold them (a trailing dot allowed). */
const HOST_NAME = /^(?:\*\.)?(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}\.?$/i;
const JSON_SCHEMA_KEYS = ["$schema", "$ref", "$defs", "definitions", "type", "properties", "items", "allOf", "anyOf", "oneOf"];
/**
 * Who may call: an ARN, an account id, an AWS service principal (`sns.amazonaws.com`, `alexa-appkit.amazon.com`), an
 * organization id, an Alexa skill id, or anyone.
 */
const CALLER = /^(?:arn:[\w-]+:[\w-]+:[\w-]*:(?:\d{12}|\*)?:\S+|\d{12}|[a-z0-9.-]+\.amazon(?:aws)?\.com(?:\.cn)?|o-[a-z0-9]{10,32}|amzn1\.[\w.-]+|\*)$/;
/** Hosts where AWS and OCI keep code, packages and images: S3, ECR, CodeCommit, Object Storage, OCIR. */
const CODE_HOST = /(?:^|\.)(?:amazonaws\.com(?:\.cn)?|public\.ecr\.aws|oraclecloud\.com|ocir\.io)$/i;
const EMAIL = /^[^\s@]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}$/i;

/** A URL's scheme and host, at the start of a value. */
const SCHEME_AND_HOST = /^([a-z][a-z0-9+.-]*):\/\/([^/?#:\s]*)/i;
const isPhoneOrMailto = (literal: string) => literal.startsWith("+") || /^(?:tel|mailto):/i.test(literal);

/**
 * Where code, packages and images are kept: an ARN, an `s3://` or `oci://` object, a URL on a host of AWS's or OCI's
 * own, or a name with no scheme (a bucket, a key, an image reference such as `ghcr.io/org/app:1.2`). A URL to any
 * other host, an email address, a phone number or text is not one. A code source on such a URL (a CodeBuild
 * project building from a Git host) is then read as a destination: approve it as an external destination.
 */
function isCodeLocation(literal: string): boolean {
    if (literal === "" || literal.startsWith("arn:")) return true;
    const url = SCHEME_AND_HOST.exec(literal);
    if (url) return /^(?:s3|oci)$/i.test(url[1]) || (/^https$/i.test(url[1]) && CODE_HOST.test(url[2]));
    if (/\s/.test(literal) || isPhoneOrMailto(literal)) return false;
    return !literal.includes("@") || /@sha256:[a-f0-9]{64}$/.test(literal);
}

/**
 * What names a metric or the resource it is about: an ARN, an OCID, an id, a name, a dimension value
 * (`app/front/50dc6c49`), a query's text. Not a URL, an email address, a phone number or a host name.
 */
function isMetricName(literal: string): boolean {
    if (literal.startsWith("arn:") || literal.startsWith("ocid1.")) return true;
    if (SCHEME_AND_HOST.test(literal) || isPhoneOrMailto(literal)) return false;
    return !EMAIL.test(literal) && !HOST_NAME.test(literal.split("/")[0].replace(/:\d+$/, ""));
}

/** An ARN, wildcards allowed in any part but the first. */
const ARN_PATTERN = /^arn:[\w*-]+:[\w*-]*:[\w*-]*:[\d*]*:\S+$/;
/** A bucket's name, as S3 and OCI Object Storage allow them: no scheme, no host, no path. */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,255}$/;

const GRAPHQL_DEFINITION = /(?:^|\n)\s*(?:extend\s+)?(?:schema|type|input|enum|interface|union|scalar|directive)\b[^{}]*\{/;

function jsonObject(value: unknown): Record<string, unknown> | undefined {
    let doc = value;
    if (typeof value === "string") {
        try {
            doc = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    return doc !== null && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
}

/**
 * Whether what was found at `path` has the shape the role is about: the string found for a name or a caller, the
 * whole top-level property for a schema. Unknown at preview (`found` absent): the dependency is judged by the role.
 */
function hasShape(shape: ValueShape, path: string, found: FoundIn | undefined): boolean {
    if (!found) return true;
    const property = () => found.props?.[path.split(/[.[<]/)[0]];
    switch (shape) {
        case "host names":
            return HOST_NAME.test(found.literal);
        case "callers":
            return CALLER.test(found.literal);
        case "code locations":
            return isCodeLocation(found.literal);
        case "metric names":
            return isMetricName(found.literal);
        case "bucket names":
            return BUCKET.test(found.literal);
        case "ARN patterns":
            return found.literal === "*" || ARN_PATTERN.test(found.literal);
        case "mail recipients":
            return EMAIL.test(found.literal) || HOST_NAME.test(found.literal);
        case "JSON Schema": {
            const doc = jsonObject(property());
            return doc !== undefined && JSON_SCHEMA_KEYS.some((k) => Object.hasOwn(doc, k)) && !Object.hasOwn(doc, "Statement");
        }
        case "GraphQL schema": {
            const sdl = property();
            return typeof sdl === "string" && !/^\s*[[{]/.test(sdl) && GRAPHQL_DEFINITION.test(sdl);
        }
    }
}

/**
 * Whether the value at `type`.`path` is not a place data is sent to: a code source, a caller, the resource's own
 * name or address, a schema, or a place a modelled flow judges. `found`: the value there, when known; a name or a
 * schema of another shape than its role's is read as any value is.
 */
export function notADestination(type: string, path: string, found?: FoundIn): boolean {
    return NOT_DESTINATION_TABLES.some((table) => inTable(table, type, path, found));
}

/** Every entry, for the tests and the README. */
export const PROPERTY_ROLES = {
    NAMES_METRICS_OF,
    READS_CODE_FROM,
    NAMES_CALLERS,
    NAMES_ITSELF,
    OWN_ADDRESSES,
    DESCRIBES_SHAPE,
    JUDGED_BY_FLOW,
} as const;

const NO_PROPS: readonly string[] = [];

/** The outputs that are a resource's own address (OWN_ADDRESSES), for the index and the offline engine. */
export function ownAddressProps(type: string): readonly string[] {
    return Object.hasOwn(OWN_ADDRESSES, type) ? OWN_ADDRESSES[type].props : NO_PROPS;
}

/** Where a type sends without writing the place as a URL: chat services that take a channel id. */
const SENDS_TO_SERVICE: Record<string, { uri: (props: Record<string, unknown>) => string | undefined; path: string; reason: string }> = {
    "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": {
        path: "slackChannelId",
        uri: (p) =>
            typeof p.slackTeamId === "string" && typeof p.slackChannelId === "string"
                ? `https://slack.com/${p.slackTeamId}/${p.slackChannelId}`
                : "https://slack.com/",
        reason: "posts the topics' messages to a Slack channel",
    },
    "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration": {
        path: "channelId",
        uri: (p) =>
            typeof p.teamId === "string" && typeof p.channelId === "string"
                ? `https://teams.microsoft.com/${p.teamId}/${p.channelId}`
                : "https://teams.microsoft.com/",
        reason: "posts the topics' messages to a Microsoft Teams channel",
    },
};

/** The external service a type sends to by its nature, as a URI to match against approved external destinations. */
export function serviceDestinationOf(type: string, props: Record<string, unknown> | undefined): { path: string; uri: string } | undefined {
    if (!Object.hasOwn(SENDS_TO_SERVICE, type)) return undefined;
    const d = SENDS_TO_SERVICE[type];
    const uri = d.uri(props ?? {});
    return uri ? { path: d.path, uri } : undefined;
}
