import { TYPE_TOKENS } from "../model/catalogue";
import { attachedTo } from "../model/attachments";
import type { ModelResource } from "../model/graph";
import { residencyPolicy } from "../model/policyKit";
import { type StackModel, usUserDataStores } from "../model/stackModel";
import { get, isString, list, UNKNOWN } from "../model/unknown";

const LOGGING_TYPES = new Set<string>([TYPE_TOKENS.s3BucketLogging, TYPE_TOKENS.s3BucketLoggingV2]);

/**
 * Whether an ARN prefix of a data event selector takes in every object of the bucket whose objects' ARNs start with
 * `objects` (any bucket's, when its name is not known at preview). A prefix not known at preview does when the
 * selectors are built from the bucket (its ARN and a '/', as programs write it).
 */
function takesInAllObjects(v: unknown, objects: string, fromBucket: boolean): boolean {
    if (v === UNKNOWN) return fromBucket;
    return isString(v) && v.startsWith("arn:aws:s3") && objects.startsWith(v);
}

/** Whether a basic event selector records every read and write of the objects. */
function selectorCovers(sel: unknown, objects: string, fromBucket: boolean): boolean {
    const readWrite = get(sel, "readWriteType");
    if (readWrite !== undefined && readWrite !== "All") return false; // ReadOnly, WriteOnly or not known: a part only
    const resources = list(sel, "dataResources");
    if (resources === UNKNOWN) return false;
    return resources.some((res) => {
        if (get(res, "type") !== "AWS::S3::Object") return false;
        const values = list(res, "values");
        return values === UNKNOWN ? fromBucket : values.some((v) => takesInAllObjects(v, objects, fromBucket));
    });
}

const SELECTOR_OPERATORS = ["equals", "notEquals", "startsWiths", "notStartsWiths", "endsWiths", "notEndsWiths"];

/**
 * Whether an advanced event selector records every read and write of the objects: data events of S3 objects, and
 * no field but an ARN prefix that takes in all of them. Any other field or operator (readOnly, eventName, an ARN
 * excluded, a field not known at preview) records a part at most.
 */
function advancedCovers(sel: unknown, objects: string, fromBucket: boolean): boolean {
    const fields = list(sel, "fieldSelectors");
    if (fields === UNKNOWN) return false;
    let s3Objects = false;
    for (const fs of fields) {
        const used = SELECTOR_OPERATORS.filter((op) => get(fs, op) !== undefined && get(fs, op) !== null);
        const only = (op: string) => (used.length === 1 && used[0] === op ? list(fs, op) : UNKNOWN);
        const field = get(fs, "field");
        if (field === "eventCategory") {
            const equals = only("equals");
            if (equals === UNKNOWN || !equals.includes("Data")) return false;
        } else if (field === "resources.type") {
            const equals = only("equals");
            if (equals === UNKNOWN || !equals.includes("AWS::S3::Object")) return false;
            s3Objects = true;
        } else if (field === "resources.ARN") {
            const prefixes = only("startsWiths");
            if (prefixes === UNKNOWN || !prefixes.some((v) => takesInAllObjects(v, objects, fromBucket))) return false;
        } else return false;
    }
    return s3Objects;
}

function coveredByCloudTrail(model: StackModel, trails: ModelResource[], bucket: ModelResource): boolean {
    const name = get(bucket.props, "bucket");
    const objects = isString(name) ? `arn:aws:s3:::${name}/` : "arn:aws:s3:::";
    for (const trail of trails) {
        const logging = get(trail.props, "enableLogging");
        if (logging !== undefined && logging !== true) continue; // a trail stopped (or maybe stopped) records nothing
        const fromBucket = (prop: string) => model.index.dependenciesOf(trail, prop, new Set([bucket.type])).includes(bucket);
        const selectors = list(trail.props, "eventSelectors");
        if (selectors !== UNKNOWN && selectors.some((sel) => selectorCovers(sel, objects, fromBucket("eventSelectors")))) return true;
        const advanced = list(trail.props, "advancedEventSelectors");
        if (advanced !== UNKNOWN && advanced.some((sel) => advancedCovers(sel, objects, fromBucket("advancedEventSelectors")))) return true;
    }
    return false;
}

/** Access to user data is audited: OCI audit retention of at least a year, and S3 access logs or CloudTrail data events. */
export const auditOnUserData = residencyPolicy({
    name: "audit-on-user-data",
    description:
        "Access to US user data is audited: OCI audit events are kept at least 365 days, and S3 buckets of US user data have server access logging or CloudTrail data events.",
    severity: "high",
    roles: ["hygiene"],
    remediationSteps:
        "OCI: add oci.audit.Configuration with retentionPeriodDays of at least 365 for the tenancy. AWS: add aws.s3.BucketLogging for the bucket, or a CloudTrail trail with S3 data events covering it.",
    check: (ctx, report) => {
        const usStores = usUserDataStores(ctx.model);
        const firstOci = usStores.find((r) => r.type.startsWith("oci:"));
        if (firstOci) {
            const configs = ctx.model.index.resources.filter((r) => r.type === TYPE_TOKENS.ociAudit);
            if (configs.length === 0) {
                report(
                    firstOci,
                    `the stack holds US user data in OCI ('${firstOci.name}') but sets no audit retention. Add oci.audit.Configuration with retentionPeriodDays >= ${ctx.settings.minAuditRetentionDays}.`,
                );
            }
            for (const c of configs) {
                const days = get(c.props, "retentionPeriodDays");
                if (days === UNKNOWN)
                    report(
                        c,
                        `retentionPeriodDays of '${c.name}' is not known at preview. Set it to a literal of at least ${ctx.settings.minAuditRetentionDays}.`,
                    );
                else if (typeof days !== "number" || days < ctx.settings.minAuditRetentionDays)
                    report(c, `'${c.name}' keeps OCI audit events ${String(days)} days; US user data needs at least ${ctx.settings.minAuditRetentionDays}.`);
            }
        }
        const trails = ctx.model.index.resources.filter((r) => r.type === TYPE_TOKENS.cloudTrail);
        for (const bucket of usStores.filter((r) => r.type === TYPE_TOKENS.s3Bucket || r.type === TYPE_TOKENS.s3BucketV2)) {
            // The bucket's inline 'loggings' logs only when it lists a target; an empty list logs nothing.
            const inline = list(bucket.props, "loggings");
            const logged = attachedTo(ctx.model, LOGGING_TYPES, "bucket", bucket).length > 0 || (inline !== UNKNOWN && inline.length > 0);
            if (logged || coveredByCloudTrail(ctx.model, trails, bucket)) continue;
            report(
                bucket,
                inline === UNKNOWN
                    ? `'loggings' of S3 bucket '${bucket.name}' (US user data) is not known at preview, and no CloudTrail S3 data events cover the bucket. Set 'loggings' from values known at preview, or add aws.s3.BucketLogging for it.`
                    : `S3 bucket '${bucket.name}' holds US user data with neither server access logging nor CloudTrail S3 data events. Add aws.s3.BucketLogging for it.`,
            );
        }
    },
});
