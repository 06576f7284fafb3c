/**
 * What an AWS policy statement grants, and whether it reaches a store: to whom (a resource policy's principals),
 * which actions (of the store's services, beyond the few that only add to it), and on which resources (patterns
 * matched against what the stack knows of the store's ARN). Everything not known at preview, and every wildcard,
 * is read as the broadest grant it may be.
 */
import { arnResourceOf, arnServicesOfModule, parseArn } from "./arn";
import { AWS_TYPES } from "./catalogue/aws";
import { categoryOf } from "./typeCatalogue";
import { globMatches } from "./glob";
import type { ModelResource, ResourceIndex } from "./graph";
import { elementsOf, get, isString, isUnknownSentinel, keysOf, UNKNOWN } from "./unknown";

/**
 * Actions that only add to a store: they cannot read, change, delete or send on what it holds. An action listed
 * here wrongly would pass a grant that reaches the data, so the list stays this short; every other action of a
 * store's service, and every wildcard, reaches it.
 */
export const ADD_ONLY_ACTIONS: ReadonlySet<string> = new Set([
    "s3:putobject",
    "sqs:sendmessage",
    "sqs:getqueueurl",
    "sqs:getqueueattributes",
    "sns:publish",
    "logs:createloggroup",
    "logs:createlogstream",
    "logs:putlogevents",
    "kinesis:putrecord",
    "kinesis:putrecords",
    "firehose:putrecord",
    "firehose:putrecordbatch",
    // Encrypting with a key adds to what it protects; decrypting, re-encrypting, granting or managing it does not.
    "kms:encrypt",
    "kms:generatedatakey",
    "kms:generatedatakeywithoutplaintext",
    "kms:describekey",
]);

/** Whether a statement may grant: only an explicit "Deny" does not (an unknown Effect may be "Allow"). */
export function mayAllow(st: unknown): boolean {
    return get(st, "Effect") !== "Deny";
}

/** The values of a statement field, each UNKNOWN where not known at preview. */
export function valuesOf(st: unknown, key: string): unknown[] {
    return st === UNKNOWN ? [UNKNOWN] : elementsOf(get(st, key));
}

/** Grants to every principal but the ones `NotPrincipal` names: never an approved principal. */
export const ALL_BUT_NOT_PRINCIPAL = Symbol("every principal but the ones NotPrincipal names");

/** The principals a statement grants to, as written; UNKNOWN for each one (or the whole Principal) not known at preview. */
export function principalsOf(st: unknown): unknown[] {
    if (st === UNKNOWN) return [UNKNOWN];
    if (get(st, "NotPrincipal") !== undefined) return [ALL_BUT_NOT_PRINCIPAL];
    const p = get(st, "Principal");
    if (p === UNKNOWN) return [UNKNOWN];
    if (p === "*") return ["*"];
    return ["AWS", "Federated", "CanonicalUser"].flatMap((key) => valuesOf(p, key));
}

/** A principal as a message names it. Neither an unknown one nor NotPrincipal's complement is ever approved. */
export function describePrincipal(v: unknown): string {
    if (v === UNKNOWN) return "a principal not known at preview";
    if (v === ALL_BUT_NOT_PRINCIPAL) return "every principal but the ones its NotPrincipal names";
    return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * The web identity providers IAM knows by name, and the claim of each that names the user (IAM's condition keys for
 * identity federation): any user of the provider gets a token, so a role trusting one is open to all of them unless
 * that claim is pinned.
 */
const BUILT_IN_WEB_IDENTITIES: Readonly<Record<string, string>> = {
    "accounts.google.com": "accounts.google.com:sub",
    "cognito-identity.amazonaws.com": "cognito-identity.amazonaws.com:sub",
    "graph.facebook.com": "graph.facebook.com:id",
    "www.amazon.com": "www.amazon.com:user_id",
};

/**
 * A web identity principal of a trust policy and the condition key of its token's subject: an IAM OIDC provider
 * (`arn:aws:iam::<account>:oidc-provider/<issuer>`, whose subject is `<issuer>:sub`) or a provider IAM knows by name.
 */
export function webIdentityOf(principal: unknown): { kind: string; subjectKey: string } | undefined {
    if (!isString(principal) || isUnknownSentinel(principal)) return undefined;
    const issuer = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:oidc-provider\/(.+)$/.exec(principal)?.[1];
    if (issuer !== undefined) return { kind: "OIDC provider", subjectKey: `${issuer}:sub` };
    const builtIn = Object.hasOwn(BUILT_IN_WEB_IDENTITIES, principal) ? BUILT_IN_WEB_IDENTITIES[principal] : undefined;
    return builtIn === undefined ? undefined : { kind: "web identity provider", subjectKey: builtIn };
}

/**
 * Condition operators that let a single-valued claim through only when it is one of the values they list. `IfExists`
 * forms (an absent claim passes), `ForAllValues` (true when the claim is absent) and `Not...` ones pin nothing.
 */
const PINNING_OPERATORS: ReadonlySet<string> = new Set([
    "StringEquals",
    "StringLike",
    "StringEqualsIgnoreCase",
    "ForAnyValue:StringEquals",
    "ForAnyValue:StringLike",
    "ForAnyValue:StringEqualsIgnoreCase",
]);

/**
 * The ways a statement pins a token's subject claim `subjectKey` (`<issuer>:sub`): the values of each pinning
 * operator on it (condition keys are case-insensitive), each UNKNOWN where not known at preview. The operators of a
 * condition all hold at once, so one pin whose every value is approved admits approved subjects only. None: any
 * subject of the issuer may assume the role.
 */
export function subjectPinsOf(st: unknown, subjectKey: string): unknown[][] {
    const condition = get(st, "Condition");
    const key = subjectKey.toLowerCase();
    const pins: unknown[][] = [];
    for (const operator of PINNING_OPERATORS) {
        const clauses = get(condition, operator);
        for (const k of keysOf(clauses)) if (k.toLowerCase() === key) pins.push(elementsOf(get(clauses, k)).map((v) => (v === undefined ? UNKNOWN : v)));
    }
    // An empty list pins to nothing anyone could check: read as no pin.
    return pins.filter((values) => values.length > 0);
}

const IAM_GLOB = { anyChar: true, whole: true, beyondLimit: true } as const;
/** Whether an IAM pattern has a wildcard (`*` or `?`). */
export const hasWildcard = (s: string) => /[*?]/.test(s);

/** The IAM services of an AWS type: the ARN services of its provider module (`aws:efs/...` → efs, elasticfilesystem). */
function servicesOfType(type: string): string[] {
    const m = /^aws:([A-Za-z0-9]+)\//.exec(type);
    return m ? arnServicesOfModule(m[1]) : [];
}

/** The IAM services of a store's type. */
export function servicesOf(store: ModelResource): string[] {
    return servicesOfType(store.type);
}

/** Whether one `Action` value may name an action on a store of `services` other than one that only adds to it. */
export function actionReaches(action: unknown, services: readonly string[]): boolean {
    if (!isString(action) || isUnknownSentinel(action)) return true;
    const a = action.toLowerCase();
    const colon = a.indexOf(":");
    // "*", or anything IAM would not read as `service:action`: the broadest it may be.
    if (colon < 0) return true;
    const service = a.slice(0, colon);
    if (!services.some((s) => globMatches(service, s, IAM_GLOB))) return false;
    return hasWildcard(a) || !ADD_ONLY_ACTIONS.has(a);
}

/** Whether a statement's actions may include `action` (lower case, `service:name`): `NotAction` grants all it does not name. */
export function statementMayAllowAction(st: unknown, action: string): boolean {
    if (st === UNKNOWN || get(st, "NotAction") !== undefined) return true;
    return valuesOf(st, "Action").some((a) => !isString(a) || isUnknownSentinel(a) || globMatches(a.toLowerCase(), action, IAM_GLOB));
}

/** Whether a statement's actions may reach a store of `services`: `NotAction` grants all it does not name. */
export function statementActionsReach(st: unknown, services: readonly string[]): boolean {
    if (st === UNKNOWN || get(st, "NotAction") !== undefined) return true;
    return valuesOf(st, "Action").some((a) => actionReaches(a, services));
}

/** The ARNs the stack knows a store by: its `arn`, and for an S3 bucket the one its name makes. */
export function knownArnsOf(store: ModelResource): string[] {
    const out: string[] = [];
    const arn = get(store.props, "arn");
    if (isString(arn) && !isUnknownSentinel(arn) && arn.startsWith("arn:")) out.push(arn);
    const bucket = store.type.startsWith("aws:s3/bucket") ? get(store.props, "bucket") : undefined;
    if (isString(bucket) && !isUnknownSentinel(bucket) && !out.includes(`arn:aws:s3:::${bucket}`)) out.push(`arn:aws:s3:::${bucket}`);
    return out;
}

/**
 * Whether a `Resource` pattern may cover the store whose ARN is `arn`, or anything inside it (an object, an index,
 * a log stream): it matches the ARN or a prefix of it (`arn:aws:s3:::b*`), or its literal head is below the ARN.
 */
function patternCovers(pattern: string, arn: string): boolean {
    if (globMatches(pattern, arn, { anyChar: true, whole: false, beyondLimit: true })) return true;
    const head = pattern.split(/[*?]/)[0];
    return head.startsWith(`${arn}/`) || head.startsWith(`${arn}:`);
}

/** What a statement's `Resource` is compared with, for one store. */
export interface StoreTarget {
    store: ModelResource;
    services: readonly string[];
    arns: readonly string[];
    /** Whether a resource not known at preview may be this store (the document is built from it, or from no store). */
    unknownMayBe: boolean;
}

/** Whether one `Resource` value may name the store, or something inside it. */
export function resourceReaches(res: unknown, target: StoreTarget, index: ResourceIndex): boolean {
    if (!isString(res) || isUnknownSentinel(res)) return target.unknownMayBe;
    if (res === "*") return true;
    if (target.arns.length > 0) return target.arns.some((arn) => patternCovers(res, arn));
    // The store's ARN is not known at preview: a wildcard pattern of its service may be it; a literal one is it
    // only when it names it.
    if (hasWildcard(res)) {
        const service = res.split(":")[2];
        return service === undefined || target.services.some((s) => globMatches(service.toLowerCase(), s, IAM_GLOB));
    }
    return index.matchValue(res, new Set([target.store.type])).includes(target.store);
}

/** Whether an allowing statement may act on the store beyond adding to it. */
export function statementReaches(st: unknown, target: StoreTarget, index: ResourceIndex): boolean {
    if (!mayAllow(st) || !statementActionsReach(st, target.services)) return false;
    if (st !== UNKNOWN && get(st, "NotResource") !== undefined) return true;
    return valuesOf(st, "Resource").some((res) => resourceReaches(res, target, index));
}

/**
 * Whether an allowing statement acts on every resource of the account with an action of `services` beyond adding:
 * `Resource: "*"`, `NotResource`, or a resource not known at preview that no store of the stack is behind. Such a
 * grant reaches the stores of other stacks too, which no preview of this one sees.
 */
export function statementReachesAccount(st: unknown, services: readonly string[], builtFromNoStore: boolean): boolean {
    if (!mayAllow(st) || !statementActionsReach(st, services)) return false;
    if (st !== UNKNOWN && get(st, "NotResource") !== undefined) return true;
    return valuesOf(st, "Resource").some((res) => res === "*" || ((!isString(res) || isUnknownSentinel(res)) && builtFromNoStore));
}

/** The ARN services of the AWS modules with a type that holds data (the catalogue's stores, keys among them). */
const STORE_SERVICES: ReadonlySet<string> = new Set(
    Object.keys(AWS_TYPES)
        .filter((type) => categoryOf(type) === "store")
        .flatMap(servicesOfType),
);

/**
 * The `Resource` values of an allowing statement that name a store outside the stack that may hold US user data,
 * on which its actions do more than add: an ARN of a service that holds data, naming no resource of the stack (or
 * with a wildcard in its name, covering stores beyond it), in a region `mayHoldUsData` (an S3 ARN names none). Such
 * a store may be another stack's, whose preview never sees this grant. `*`, NotResource and a resource not known at
 * preview are statementReachesAccount's.
 */
export function outsideStoresReached(st: unknown, index: ResourceIndex, mayHoldUsData: (region: string) => boolean): string[] {
    if (st === UNKNOWN || !mayAllow(st) || get(st, "NotResource") !== undefined) return [];
    const out: string[] = [];
    for (const res of valuesOf(st, "Resource")) {
        if (!isString(res) || isUnknownSentinel(res) || !res.startsWith("arn:")) continue;
        const arn = parseArn(res);
        if (!arn || !STORE_SERVICES.has(arn.service) || (arn.region !== "" && !mayHoldUsData(arn.region))) continue;
        if (!statementActionsReach(st, [arn.service])) continue;
        if (!hasWildcard(arnResourceOf(arn).id) && index.matchPlace(res).length > 0) continue;
        out.push(res);
    }
    return out;
}

/** `arn:aws:iam::aws:policy/<path/name>` → `<path/name>`: a policy AWS manages, whose document is not in the stack. */
export function awsManagedPolicyName(value: unknown): string | undefined {
    if (!isString(value)) return undefined;
    return /^arn:aws(?:-[a-z]+)*:iam::aws:policy\/(.+)$/.exec(value)?.[1];
}

/**
 * AWS managed policies that grant no action on a data store beyond adding to it (each with what AWS documents it
 * grants). Any other AWS managed policy may read, change or delete any store of the account: its document is not
 * in the stack. An entry here wrongly would pass such a grant, so only policies that reach no store are listed.
 */
export const AWS_MANAGED_POLICIES_WITHOUT_DATA_ACCESS: Readonly<Record<string, string>> = {
    "service-role/AWSLambdaBasicExecutionRole": "logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents",
    "service-role/AWSLambdaVPCAccessExecutionRole": "those of AWSLambdaBasicExecutionRole, and the EC2 network interface actions a function in a VPC needs",
    "service-role/AWSLambdaENIManagementAccess": "the EC2 network interface actions a function in a VPC needs",
    AWSXRayDaemonWriteAccess: "xray:PutTraceSegments, xray:PutTelemetryRecords and the sampling reads",
    CloudWatchLambdaInsightsExecutionRolePolicy: "logs:CreateLogStream, logs:PutLogEvents on the Lambda Insights log group",
    "service-role/AmazonECSTaskExecutionRolePolicy":
        "ECR image pulls (ecr:GetAuthorizationToken, BatchCheckLayerAvailability, GetDownloadUrlForLayer, BatchGetImage) and logs:CreateLogStream, logs:PutLogEvents",
};
